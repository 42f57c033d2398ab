//! Site addresses: `base_url` and `old_site_url` text → a normalised URL ending with `/`.
//!
//! It takes what the user wrote and gives either the normalised address or a message saying
//! what is wrong and what to write instead. It never accepts a URL the site's links could not
//! be built on (no scheme other than http(s), no host-less or protocol-relative URL, no query,
//! fragment or spaces).

/// `/…` or `http(s)://host/…`, ending with `/` (added when missing).
pub fn normalize_base_url(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let hint = "(e.g. \"/\", \"/innbok/\" or \"https://user.github.io/innbok/\")";
    if s.is_empty() {
        return Err(format!("must not be empty {hint}"));
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) || s.contains(['?', '#', '\\']) {
        return Err(format!(
            "'{s}' must not contain spaces, '?', '#' or '\\' {hint}"
        ));
    }
    let url = if s.starts_with("//") {
        return Err(format!("'{s}' has no scheme: write https:{s}"));
    } else if s.starts_with('/') {
        s.to_string()
    } else {
        absolute_url(s)
            .ok_or_else(|| format!("'{s}' must start with '/', 'http://' or 'https://' {hint}"))?
    };
    Ok(if url.ends_with('/') {
        url
    } else {
        format!("{url}/")
    })
}

/// `http(s)://host…` with the scheme lower-cased; `None` when not such a URL or hostless.
pub fn absolute_url(s: &str) -> Option<String> {
    let (scheme, rest) = s.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let host = rest.split('/').next().unwrap_or("");
    ((scheme == "http" || scheme == "https") && !host.is_empty())
        .then(|| format!("{scheme}://{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalised_or_refused() {
        assert_eq!(normalize_base_url("/").unwrap(), "/");
        assert_eq!(
            normalize_base_url("https://user.github.io/innbok").unwrap(),
            "https://user.github.io/innbok/"
        );
        for bad in [
            "",
            "innbok",
            "https://",
            "ftp://x.org/",
            "/a b/",
            "//cdn.example.com/",
            "/x?y",
            "/x#y",
        ] {
            assert!(normalize_base_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn absolute_urls_need_http_and_a_host() {
        assert_eq!(
            absolute_url("HTTP://a.org").as_deref(),
            Some("http://a.org")
        );
        assert_eq!(absolute_url("https:///x"), None);
        assert_eq!(absolute_url("mailto://a"), None);
        assert_eq!(absolute_url("/local"), None);
    }
}
