//! Web addresses that may become clickable links: parsed with the `url` crate (WHATWG rules),
//! and only `http`, `https` and `mailto` allowed.

/// Schemes a link may use.
pub const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Checks that `text` is a whole, safe link address; the error says what is wrong.
pub fn check_link(text: &str) -> Result<(), String> {
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{}` contains spaces or control characters",
            text.escape_debug()
        ));
    }
    let url = url::Url::parse(text)
        .map_err(|e| format!("`{}` is not a valid address ({e})", text.escape_debug()))?;
    if !ALLOWED_SCHEMES.contains(&url.scheme()) {
        return Err(format!(
            "`{}` uses the scheme `{}:`; only http, https and mailto addresses are linked",
            text.escape_debug(),
            url.scheme()
        ));
    }
    if url.scheme() != "mailto" && url.host_str().is_none_or(str::is_empty) {
        return Err(format!("`{}` has no host", text.escape_debug()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_link;

    #[test]
    fn only_whole_web_and_mail_addresses_pass() {
        assert!(check_link("https://news.az/a?b=1").is_ok());
        assert!(check_link("http://example.org").is_ok());
        assert!(check_link("mailto:desk@example.org").is_ok());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://exa mple.org",
            "https://example.org/\u{0}",
            "https://",
            "news.az/article",
            "data:text/html,hi",
        ] {
            assert!(check_link(bad).is_err(), "{bad} passed");
        }
    }
}
