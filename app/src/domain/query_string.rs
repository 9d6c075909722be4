//! Query strings for links that keep a page's filters (next page, downloads): each value
//! percent-encoded (UTF-8), empty values left out.

/// `key=value&…` for the non-empty values.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_are_encoded_and_empty_ones_left_out() {
        let qs = super::query_string([("q", "たなか"), ("status", ""), ("after", "12:あ b")]);
        assert_eq!(qs, "q=%E3%81%9F%E3%81%AA%E3%81%8B&after=12%3A%E3%81%82%20b");
    }
}
