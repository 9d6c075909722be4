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

/// The nonce of one page response, chosen before rendering (in a middleware, kept in the request
/// extensions) so that the same value reaches both Leptos' inline scripts and the CSP header.
#[derive(Clone, Debug)]
pub struct PageNonce(pub String);

impl PageNonce {
    /// 128 random bits, hex-encoded.
    pub fn new() -> Self {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        let mut bytes = [0u8; 16];
        OsRng.fill_bytes(&mut bytes);
        PageNonce(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

impl Default for PageNonce {
    fn default() -> Self {
        Self::new()
    }
}

/// Gives Leptos this request's nonce (call from the render context).
pub fn provide_page_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(value)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(value));
    }
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
