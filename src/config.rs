//! Config: `site.toml` + `logseq/config.edn` → a validated `Config` (skeleton).
