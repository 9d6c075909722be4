//! The Content-Security-Policy, in one place for pages and for every other response.

/// The policy. Pages pass the nonce Leptos put on its inline scripts (hydration start-up and
/// resource data), so no other inline script can run; other responses pass `None` and allow no
/// inline script at all. WebAssembly needs `'wasm-unsafe-eval'`. Nothing may frame the site, no
/// plugins, no `<base>`, and forms post only here.
pub fn policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(nonce) => format!("'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

#[cfg(test)]
mod tests {
    use super::policy;

    #[test]
    fn inline_scripts_need_the_nonce() {
        let with = policy(Some("abc123"));
        assert!(with.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        let without = policy(None);
        assert!(!without.contains("nonce"));
        for both in [with, without] {
            assert!(both.contains("object-src 'none'") && both.contains("frame-ancestors 'none'"));
            assert!(!both.split(';').any(|d| d.trim().starts_with("script-src") && d.contains("unsafe-inline")));
        }
    }
}
