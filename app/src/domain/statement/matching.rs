//! Proposing whose dues a bank credit is: by a member number written in the payer name, by the
//! payer name folded to a reading (either order, an organisation's name, a name confirmed for the
//! member before), by a name one typo away, and then by the amount (one year's dues for the
//! member's class and units, or several years' at once). Pure: the server loads the members.

use super::payer::{numbers_in, one_typo_apart, payer_key};
use super::MatchKind;
use crate::domain::ids::MemberId;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The most fiscal years one transfer is read as (the dues form's limit).
pub const MAX_YEARS: i32 = crate::domain::dues::MAX_YEARS_AT_ONCE;

/// What the match knows of an active member.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: MemberId,
    pub number: Option<i32>,
    /// Keys of the reading (both orders), the organisation's name, and payer names confirmed before.
    pub keys: Vec<String>,
    /// Dues per fiscal year (only years with dues to pay, from the year joined).
    pub dues: BTreeMap<i32, i32>,
    pub paid: BTreeSet<i32>,
}

/// One credit to match.
#[derive(Debug, Clone)]
pub struct Credit<'a> {
    pub payer: &'a str,
    pub amount_yen: i32,
    /// The fiscal year of the day received.
    pub fiscal_year: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub kind: MatchKind,
    /// The members who fit, best first.
    pub candidates: Vec<MemberId>,
    pub member: Option<MemberId>,
    pub first_year: Option<i32>,
    pub years: i32,
}

impl Proposal {
    pub fn none() -> Proposal {
        Proposal { kind: MatchKind::None, candidates: Vec::new(), member: None, first_year: None, years: 1 }
    }

    /// Taken without another look: a sure match.
    pub fn take(&self) -> bool {
        self.kind == MatchKind::Sure
    }
}

/// The members, indexed by key and number.
pub struct Matcher {
    members: Vec<Candidate>,
    by_key: HashMap<String, Vec<usize>>,
    by_number: HashMap<i32, usize>,
    /// (member, year) already proposed for an earlier line of the same statement.
    claimed: HashSet<(MemberId, i32)>,
}

impl Matcher {
    pub fn new(members: Vec<Candidate>) -> Matcher {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_number = HashMap::new();
        for (i, m) in members.iter().enumerate() {
            for key in &m.keys {
                let entry = by_key.entry(key.clone()).or_default();
                if !entry.contains(&i) {
                    entry.push(i);
                }
            }
            if let Some(n) = m.number {
                by_number.insert(n, i);
            }
        }
        Matcher { members, by_key, by_number, claimed: HashSet::new() }
    }

    /// The proposal for the next credit of the statement (lines in file order: a year proposed for
    /// an earlier line counts as paid for the later ones).
    pub fn propose(&mut self, credit: &Credit) -> Proposal {
        let key = payer_key(credit.payer);
        let by_name: Vec<usize> = self.by_key.get(&key).cloned().unwrap_or_default();
        let mut by_number: Vec<usize> =
            numbers_in(credit.payer).iter().filter_map(|n| self.by_number.get(n)).copied().collect();
        by_number.sort_unstable();
        by_number.dedup();
        // A number and a name that agree; a number whose member's name is one typo away is that
        // member too, but for the treasurer to look at.
        let agreeing: Vec<usize> = by_number.iter().copied().filter(|i| by_name.contains(i)).collect();
        let near_number: Vec<usize> = by_number
            .iter()
            .copied()
            .filter(|i| self.members[*i].keys.iter().any(|k| one_typo_apart(k, &key)))
            .collect();
        let (found, sure_name) = if agreeing.len() == 1 {
            (agreeing, true)
        } else if agreeing.is_empty() && near_number.len() == 1 {
            (near_number, false)
        } else if by_name.len() == 1 && by_number.iter().all(|i| by_name.contains(i)) {
            (by_name, true)
        } else if !by_name.is_empty() || !by_number.is_empty() {
            let mut all = by_number.clone();
            all.extend(by_name.iter().filter(|i| !by_number.contains(i)));
            (all, false)
        } else {
            (self.near(&key), false)
        };
        if found.is_empty() {
            return Proposal::none();
        }
        let candidates: Vec<MemberId> = found.iter().map(|i| self.members[*i].id).collect();
        let fitting: Vec<(usize, (i32, i32))> =
            found.iter().filter_map(|i| self.years_for(&self.members[*i], credit).map(|y| (*i, y))).collect();
        let proposal = if found.len() == 1 {
            let member = &self.members[found[0]];
            match fitting.first() {
                Some((_, (first, years))) => {
                    let plain = *years == 1 && *first == credit.fiscal_year;
                    let kind = if sure_name && plain { MatchKind::Sure } else { MatchKind::Check };
                    Proposal { kind, candidates, member: Some(member.id), first_year: Some(*first), years: *years }
                }
                // The amount is not whole years' dues (part, or more): one year, to check.
                None => Proposal {
                    kind: MatchKind::Check,
                    candidates,
                    member: Some(member.id),
                    first_year: Some(self.first_unpaid(member, credit.fiscal_year)),
                    years: 1,
                },
            }
        } else {
            // Several fit by name or number: the amount may point at one (one year's dues before
            // several years' of another), but the treasurer decides.
            let one_year: Vec<(usize, (i32, i32))> =
                fitting.iter().filter(|(_, (_, years))| *years == 1).copied().collect();
            let chosen = match (fitting.as_slice(), one_year.as_slice()) {
                ([only], _) | (_, [only]) => Some(*only),
                _ => None,
            };
            Proposal {
                kind: MatchKind::Several,
                candidates,
                member: chosen.map(|(i, _)| self.members[i].id),
                first_year: chosen.map(|(_, (first, _))| first),
                years: chosen.map_or(1, |(_, (_, years))| years),
            }
        };
        if let (Some(member), Some(first)) = (proposal.member, proposal.first_year) {
            for year in first..first + proposal.years {
                self.claimed.insert((member, year));
            }
        }
        proposal
    }

    /// Members whose name is one typo away from the payer's.
    fn near(&self, key: &str) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.keys.iter().any(|k| one_typo_apart(k, key)))
            .map(|(i, _)| i)
            .collect();
        found.dedup();
        found
    }

    fn unpaid(&self, member: &Candidate, year: i32) -> bool {
        !member.paid.contains(&year) && !self.claimed.contains(&(member.id, year))
    }

    /// The first unpaid year from `year` on (or `year` itself when all are paid).
    fn first_unpaid(&self, member: &Candidate, year: i32) -> i32 {
        (year..=year + 1).find(|y| self.unpaid(member, *y)).unwrap_or(year)
    }

    /// The unpaid consecutive years whose dues add up to the amount: (first year, how many). Years
    /// around the day received only (four back, one ahead): runs holding the year received first,
    /// then those ending nearest to it (arrears before paying ahead), then the shortest.
    fn years_for(&self, member: &Candidate, credit: &Credit) -> Option<(i32, i32)> {
        let received = credit.fiscal_year;
        let mut runs = Vec::new();
        for first in received - (MAX_YEARS - 1)..=received + 1 {
            let mut total = 0;
            for years in 1..=MAX_YEARS {
                let year = first + years - 1;
                if year > received + 1 || !self.unpaid(member, year) {
                    break;
                }
                let Some(due) = member.dues.get(&year) else { break };
                total += due;
                if total == credit.amount_yen {
                    runs.push((first, years));
                }
            }
        }
        runs.into_iter().min_by_key(|(first, years)| {
            let holds_received = *first <= received && received < first + years;
            (!holds_received, (first + years - 1 - received).abs(), *years)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::statement::payer::reading_keys;

    fn member(id: i64, number: i32, reading: &str, due: i32, paid: &[i32]) -> Candidate {
        Candidate {
            id: MemberId(id),
            number: Some(number),
            keys: reading_keys(reading),
            dues: (2020..=2027).map(|y| (y, due)).collect(),
            paid: paid.iter().copied().collect(),
        }
    }

    fn credit(payer: &str, amount_yen: i32) -> Credit<'_> {
        Credit { payer, amount_yen, fiscal_year: 2026 }
    }

    fn members() -> Vec<Candidate> {
        vec![
            member(1, 101, "いなぎ はなこ", 2000, &[2025]),
            member(2, 102, "やの たろう", 2000, &[]),
            member(3, 103, "やの たろう", 3000, &[]),
            member(4, 104, "おおまる けんじ", 2000, &[2025, 2026]),
            member(5, 105, "ひらお きょうこ", 10000, &[2025]),
        ]
    }

    #[test]
    fn name_and_amount_agree_sure() {
        let mut m = Matcher::new(members());
        let p = m.propose(&credit("ﾌﾘｺﾐ ｲﾅｷﾞ ﾊﾅｺ", 2000));
        assert_eq!((p.kind, p.member, p.first_year, p.years), (MatchKind::Sure, Some(MemberId(1)), Some(2026), 1));
        // the given name first, small kana written large
        let p = m.propose(&credit("ｷﾖｳｺ ﾋﾗｵ", 10000));
        assert_eq!((p.kind, p.member), (MatchKind::Sure, Some(MemberId(5))));
    }

    #[test]
    fn two_members_with_one_reading_are_for_the_treasurer() {
        let mut m = Matcher::new(members());
        let p = m.propose(&credit("ﾔﾉ ﾀﾛｳ", 3000));
        assert_eq!(p.kind, MatchKind::Several);
        assert_eq!(p.candidates, vec![MemberId(2), MemberId(3)]);
        assert_eq!(p.member, Some(MemberId(3)), "only one of them owes 3,000");
        assert!(!p.take());
        // the member number settles it
        let p = m.propose(&credit("102 ﾔﾉ ﾀﾛｳ", 2000));
        assert_eq!((p.kind, p.member), (MatchKind::Sure, Some(MemberId(2))));
    }

    #[test]
    fn two_years_at_once_and_amounts_that_fit_no_year_are_checked() {
        let mut m = Matcher::new(members());
        let p = m.propose(&credit("ﾔﾉ ﾀﾛｳ 102", 4000));
        assert_eq!((p.kind, p.first_year, p.years), (MatchKind::Check, Some(2025), 2));
        let mut m = Matcher::new(members());
        let p = m.propose(&credit("ｲﾅｷﾞ ﾊﾅｺ", 1500));
        assert_eq!((p.kind, p.member, p.first_year, p.years), (MatchKind::Check, Some(MemberId(1)), Some(2026), 1));
        // this year paid already: the transfer is for next year
        let p = m.propose(&credit("ｵｵﾏﾙ ｹﾝｼﾞ", 2000));
        assert_eq!((p.kind, p.first_year), (MatchKind::Check, Some(2027)));
    }

    #[test]
    fn a_typo_is_proposed_for_a_look_and_strangers_are_not_matched() {
        let mut m = Matcher::new(members());
        let p = m.propose(&credit("ｲﾅｷﾞ ﾊﾅｺﾞ", 2000));
        assert_eq!((p.kind, p.member), (MatchKind::Check, Some(MemberId(1))));
        let p = m.propose(&credit("ｻｸﾗ ﾐﾂｺ", 2000));
        assert_eq!(p, Proposal::none());
        // a number alone, with another name: checked
        let p = m.propose(&credit("105 ﾀﾅｶ ｼﾞﾛｳ", 10000));
        assert_eq!((p.kind, p.member), (MatchKind::Check, Some(MemberId(5))));
        // a number with a name one typo away: that member, checked
        let mut m = Matcher::new(members());
        let p = m.propose(&credit("101 ｲﾅｷﾞ ﾊﾅｺﾞ", 2000));
        assert_eq!((p.kind, p.member, p.candidates.len()), (MatchKind::Check, Some(MemberId(1)), 1));
    }

    #[test]
    fn a_second_transfer_for_the_same_year_is_not_sure() {
        let mut m = Matcher::new(members());
        assert_eq!(m.propose(&credit("ｲﾅｷﾞ ﾊﾅｺ", 2000)).kind, MatchKind::Sure);
        let again = m.propose(&credit("ｲﾅｷﾞ ﾊﾅｺ", 2000));
        assert_eq!((again.kind, again.first_year), (MatchKind::Check, Some(2027)));
    }
}
