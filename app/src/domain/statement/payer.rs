//! Payer names as banks write them: half-width katakana without small kana (ｷﾖｳｺ for きょうこ), a
//! legal form in brackets (ｶ) for 株式会社), words such as 振込 before the name, and sometimes the
//! member number the association asked payers to add. A *payer key* folds all of that away, so the
//! bank's `ﾌﾘｺﾐ ｲﾅｷﾞ ｷﾖｳｺ` and the member's reading 「いなぎ きょうこ」 give the same key.

use unicode_normalization::UnicodeNormalization;

/// Words a bank puts before the payer's name (after NFKC, so half-width forms are covered).
const TRANSFER_WORDS: [&str; 6] = ["振込入金", "振込", "フリコミ", "振替", "フリカエ", "デンシンフリコミ"];

/// The longest member number looked for in a payer name (longer runs are account or phone numbers).
const NUMBER_DIGITS: usize = 6;

/// The folded key of a payer name or a reading: hiragana, small kana written large, no spaces,
/// long-vowel marks, hyphens, digits, brackets or legal forms.
pub fn payer_key(input: &str) -> String {
    // Digits and the bank's words first: "振込 0012 ｶ)…" then starts with its legal form.
    let text: String = input.nfkc().filter(|c| !c.is_ascii_digit()).collect();
    let text = without_transfer_words(text.trim());
    let text = without_legal_form(text.trim());
    text.chars().filter(|c| !c.is_whitespace() && !is_mark(*c)).map(large_hiragana).collect()
}

/// The numbers written in a payer name (1 to 6 digits), which may be member numbers.
pub fn numbers_in(input: &str) -> Vec<i32> {
    let text: String = input.nfkc().collect();
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty() && run.len() <= NUMBER_DIGITS)
        .filter_map(|run| run.parse().ok())
        .filter(|n| *n > 0)
        .collect()
}

/// The keys a member's reading gives: family name then given name (as written), and the other
/// way round (some payers, and most foreign banks, write the given name first).
pub fn reading_keys(reading: &str) -> Vec<String> {
    let mut keys = vec![payer_key(reading)];
    let parts: Vec<&str> = reading.split_whitespace().collect();
    if let [family, given] = parts.as_slice() {
        keys.push(payer_key(&format!("{given}{family}")));
    }
    keys.retain(|k| !k.is_empty());
    keys.dedup();
    keys
}

fn without_transfer_words(text: &str) -> String {
    let mut rest = text.trim_start();
    while let Some(stripped) = TRANSFER_WORDS.iter().find_map(|w| rest.strip_prefix(w)) {
        rest = stripped.trim_start();
    }
    rest.to_string()
}

/// Drops a legal form written the Zengin way: `カ)イナギシヨウジ`, `イナギシヨウジ(カ`, `(ザイ)…`.
fn without_legal_form(text: &str) -> String {
    let is_form = |s: &str| (1..=5).contains(&s.chars().count()) && s.chars().all(is_katakana);
    let mut text = text.to_string();
    // (カ) anywhere
    while let Some(open) = text.find('(') {
        let Some(close) = text[open..].find(')').map(|c| open + c) else { break };
        if !is_form(&text[open + 1..close]) {
            break;
        }
        text.replace_range(open..=close, " ");
    }
    // カ)… at the start
    if let Some((form, rest)) = text.split_once(')') {
        if is_form(form.trim()) {
            text = rest.to_string();
        }
    }
    // …(カ at the end
    if let Some((rest, form)) = text.rsplit_once('(') {
        if is_form(form.trim()) {
            text = rest.to_string();
        }
    }
    text
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}')
}

fn is_mark(c: char) -> bool {
    matches!(c, 'ー' | '-' | '‐' | '−' | '―' | '・' | '.' | ',' | '、' | '。' | '(' | ')' | '/' | '「' | '」')
}

/// Katakana to hiragana, and small kana to large (bank names have no small kana).
fn large_hiragana(c: char) -> char {
    let c = match c {
        '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        other => other,
    };
    match c {
        'ぁ' => 'あ',
        'ぃ' => 'い',
        'ぅ' => 'う',
        'ぇ' => 'え',
        'ぉ' => 'お',
        'っ' => 'つ',
        'ゃ' => 'や',
        'ゅ' => 'ゆ',
        'ょ' => 'よ',
        'ゎ' => 'わ',
        'ゕ' => 'か',
        'ゖ' => 'け',
        'を' => 'お',
        other => other,
    }
}

/// Whether two keys differ by at most one letter (one typo: a letter changed, added or left out).
/// Short keys must match exactly: one letter of four is too much of a name.
pub fn one_typo_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().min(b.len()) < 4 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    let mut i = 0;
    while i < short.len() && short[i] == long[i] {
        i += 1;
    }
    if i == short.len() {
        return true;
    }
    if short.len() == long.len() {
        short[i + 1..] == long[i + 1..]
    } else {
        short[i..] == long[i + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bank_and_the_member_record_fold_to_one_key() {
        assert_eq!(payer_key("ﾌﾘｺﾐ ｲﾅｷﾞ ｷﾖｳｺ"), "いなぎきようこ");
        assert_eq!(payer_key("いなぎ きょうこ"), "いなぎきようこ");
        assert_eq!(payer_key("振込　イナギ　ハナコ"), "いなぎはなこ");
        assert_eq!(payer_key("ｽｽﾞｷ ｲﾁﾛ-"), "すずきいちろ");
        assert_eq!(payer_key("スズキ イチロー"), "すずきいちろ");
        assert_eq!(payer_key("0123 ｲﾅｷﾞ ﾊﾅｺ"), "いなぎはなこ");
        assert_eq!(payer_key("ｶ)ｲﾅｷﾞｼﾖｳｼﾞ"), "いなぎしようじ");
        assert_eq!(payer_key("ｲﾅｷﾞｼﾖｳｼﾞ(ｶ"), "いなぎしようじ");
        assert_eq!(payer_key("ﾌﾘｺﾐ ｶ)ｲﾅｷﾞｼﾖｳｼﾞ"), "いなぎしようじ");
        assert_eq!(payer_key("0012 ﾄｸﾋ)ｲﾅｷﾞｺｸｻｲｺｳﾘﾕｳｶｲ"), "いなぎこくさいこうりゆうかい");
        assert_eq!(payer_key("ﾄｸﾋ)ｲﾅｷﾞｺｸｻｲｺｳﾘﾕｳｶｲ"), "いなぎこくさいこうりゆうかい");
        assert_eq!(payer_key("(ｻﾞｲ)ｲﾅｷﾞｼﾝｺｳｻﾞｲﾀﾞﾝ"), "いなぎしんこうざいだん");
    }

    #[test]
    fn member_numbers_are_read_from_the_name() {
        assert_eq!(numbers_in("0123 ｲﾅｷﾞ ﾊﾅｺ"), vec![123]);
        assert_eq!(numbers_in("ｲﾅｷﾞ ﾊﾅｺ 45"), vec![45]);
        assert_eq!(numbers_in("ｲﾅｷﾞ ﾊﾅｺ"), Vec::<i32>::new());
        assert_eq!(numbers_in("０４２３７７１１１１ ｲﾅｷﾞ"), Vec::<i32>::new(), "a phone number is no member number");
    }

    #[test]
    fn a_reading_matches_in_either_order() {
        assert_eq!(reading_keys("いなぎ はなこ"), vec!["いなぎはなこ", "はなこいなぎ"]);
        assert_eq!(reading_keys("いなぎ"), vec!["いなぎ"]);
    }

    #[test]
    fn one_typo_is_near_two_are_not() {
        assert!(one_typo_apart("いなぎはなこ", "いなぎはなご"));
        assert!(one_typo_apart("いなぎはなこ", "いなぎはなこう"));
        assert!(one_typo_apart("いなぎはなこ", "いなはなこ"));
        assert!(!one_typo_apart("いなぎはなこ", "いなぎはるみ"));
        assert!(!one_typo_apart("たなか", "たなが"), "too short to guess");
        assert!(one_typo_apart("いなぎはなこ", "いなぎはなこ"));
    }
}
