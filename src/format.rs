//! How numbers read on screen: one place, so the table, the summary and the
//! chart agree.

/// A share as a percentage with one decimal: `33.3%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// An imbalance ratio: `3.00×`, or `n/a` without a Ready pod.
pub fn ratio(imbalance: Option<f64>) -> String {
    imbalance.map_or_else(|| "n/a".to_string(), |r| format!("{r:.2}×"))
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
    fn ratios_have_two_decimals() {
        assert_eq!(ratio(Some(3.0)), "3.00×");
        assert_eq!(ratio(None), "n/a");
    }
}
