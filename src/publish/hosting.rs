//! Hosting files: `.nojekyll`, `CNAME` and `robots.txt`.
//!
//! It takes the configured custom domain and the site's absolute address (when known) and
//! writes the three small files static hosts read. `.nojekyll` stops GitHub Pages' Jekyll from
//! dropping the `_static/`, `_assets/` and `_pages/` folders when the site is deployed from a
//! branch; `CNAME` is GitHub Pages' custom-domain file for branch deployments; `robots.txt`
//! allows everything and points crawlers at the sitemap. It never writes a `Sitemap:` line
//! without an absolute sitemap URL (robots.txt requires one).

use super::sitemap;
use crate::write::Output;
use anyhow::Result;

/// Write `.nojekyll`, `CNAME` when `cname` is set, and `robots.txt`.
pub fn write(out: &Output, cname: Option<&str>, site_url: Option<&str>) -> Result<()> {
    out.write(".nojekyll", b"")?;
    if let Some(host) = cname {
        out.write("CNAME", format!("{host}\n").as_bytes())?;
    }
    out.write("robots.txt", robots(site_url).as_bytes())
}

/// `robots.txt`: everything may be crawled; the sitemap when the site's address is known.
pub fn robots(site_url: Option<&str>) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = site_url {
        text.push_str(&format!("\nSitemap: {base}{}\n", sitemap::PATH));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_points_at_the_sitemap_only_with_an_absolute_address() {
        assert_eq!(
            robots(Some("https://user.github.io/innbok/")),
            "User-agent: *\nAllow: /\n\nSitemap: https://user.github.io/innbok/sitemap.xml\n"
        );
        assert!(!robots(None).contains("Sitemap"));
    }
}
