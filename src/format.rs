//! How numbers read on screen: one place, so the table, the summary and the
//! chart agree.

/// A share as a percentage with one decimal: `33.3%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A share as a percentage like [`percent`], but with two significant digits
/// below 1% (`0.050%`), so that a small even share does not read as `0.1%`.
/// Not a number reads as 0.
pub fn percent_small(share: f64) -> String {
    let share = if share.is_finite() { share.clamp(0.0, 1.0) } else { 0.0 };
    let pct = share * 100.0;
    if pct == 0.0 || pct >= 1.0 {
        return percent(share);
    }
    let decimals = (1.0 - pct.log10().floor()).clamp(1.0, 8.0) as usize;
    format!("{pct:.decimals$}%")
}

/// An imbalance ratio: `3.00×`; `∞` when a Ready pod gets nothing while
/// another gets some; `n/a` without a Ready pod that gets anything.
pub fn ratio(imbalance: Option<f64>) -> String {
    match imbalance {
        Some(r) if r.is_finite() => format!("{r:.2}×"),
        Some(_) => "∞".to_string(),
        None => "n/a".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_have_one_decimal() {
        assert_eq!(percent(1.0 / 3.0), "33.3%");
        assert_eq!(percent(1.0 / 6.0), "16.7%");
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(1.0), "100.0%");
    }

    #[test]
    fn small_shares_keep_two_digits() {
        assert_eq!(percent_small(1.0 / 6.0), "16.7%");
        assert_eq!(percent_small(1.0), "100.0%");
        assert_eq!(percent_small(0.0), "0.0%");
        assert_eq!(percent_small(1.0 / 2000.0), "0.050%");
        assert_eq!(percent_small(1.0 / 150.0), "0.67%");
        assert_eq!(percent_small(f64::NAN), "0.0%");
    }

    #[test]
    fn ratios_have_two_decimals() {
        assert_eq!(ratio(Some(3.0)), "3.00×");
        assert_eq!(ratio(None), "n/a");
        assert_eq!(ratio(Some(f64::INFINITY)), "∞");
    }
}
