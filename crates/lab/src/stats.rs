//! Pearson's χ² goodness-of-fit test of observed counts against the core's
//! probabilities, with the p-value from the regularized upper incomplete
//! gamma function Q(k/2, χ²/2) (Numerical Recipes §6.2: series below a+1,
//! Lentz's continued fraction above; Lanczos for ln Γ).

/// The kernel differs from the core when the χ² test's p-value falls below this.
/// `make test-lab` makes about a dozen such tests, so a correct kernel fails a
/// CI run by chance about once in a thousand runs; a wrong share (1/6 for
/// 1/9 for one pod of the 1/2/3 example, 900 connections) still gives p well below it.
pub const ALPHA: f64 = 0.0001;

/// The χ² statistic and degrees of freedom of `observed` against `expected`
/// probabilities (categories with probability 0 are left out: any count there
/// is a difference the caller reports without a test).
pub(crate) fn chi_square(observed: &[u64], expected: &[f64]) -> (f64, usize) {
    let total: u64 = observed.iter().sum();
    let mut statistic = 0.0;
    let mut categories = 0usize;
    for (&count, &p) in observed.iter().zip(expected) {
        if p > 0.0 {
            let e = p * total as f64;
            statistic += (count as f64 - e).powi(2) / e;
            categories += 1;
        }
    }
    (statistic, categories.saturating_sub(1))
}

/// P(X ≥ `statistic`) for X ~ χ² with `df` degrees of freedom.
pub fn chi_square_p_value(statistic: f64, df: usize) -> f64 {
    if df == 0 {
        return 1.0;
    }
    upper_gamma(df as f64 / 2.0, statistic.max(0.0) / 2.0)
}

/// Q(a, x) = Γ(a, x) / Γ(a).
fn upper_gamma(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let prefix = (-x + a * x.ln() - ln_gamma(a)).exp();
    if x < a + 1.0 {
        let (mut term, mut sum, mut n) = (1.0 / a, 1.0 / a, a);
        for _ in 0..1000 {
            n += 1.0;
            term *= x / n;
            sum += term;
            if term.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        (1.0 - sum * prefix).clamp(0.0, 1.0)
    } else {
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            d = if d.abs() < tiny { tiny } else { d };
            c = b + an / c;
            c = if c.abs() < tiny { tiny } else { c };
            d = 1.0 / d;
            let step = d * c;
            h *= step;
            if (step - 1.0).abs() < 1e-15 {
                break;
            }
        }
        (prefix * h).clamp(0.0, 1.0)
    }
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let sum = G.iter().enumerate().skip(1).fold(G[0], |acc, (i, g)| acc + g / (x + i as f64));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_match_the_tables() {
        // (χ², df, p) from standard χ² tables.
        for (statistic, df, p) in [
            (3.841, 1, 0.05),
            (6.635, 1, 0.01),
            (11.070, 5, 0.05),
            (20.515, 5, 0.001),
            (18.307, 10, 0.05),
            (2.0, 2, 0.367_879),
            (0.0, 3, 1.0),
        ] {
            let got = chi_square_p_value(statistic, df);
            assert!((got - p).abs() < 2e-4, "χ²={statistic} df={df}: {got} vs {p}");
        }
    }

    #[test]
    fn ln_gamma_of_integers_is_ln_factorial() {
        for (n, factorial) in [(1.0, 1.0), (2.0, 1.0), (5.0, 24.0), (10.0, 362_880.0f64)] {
            assert!((ln_gamma(n) - factorial.ln()).abs() < 1e-10, "{n}");
        }
    }

    #[test]
    fn counts_that_match_give_a_small_statistic() {
        let (statistic, df) = chi_square(&[100, 200, 300, 0], &[1.0 / 6.0, 2.0 / 6.0, 3.0 / 6.0, 0.0]);
        assert_eq!(df, 2);
        assert!(statistic.abs() < 1e-9);
        let (statistic, _) = chi_square(&[300, 200, 100], &[1.0 / 6.0, 2.0 / 6.0, 3.0 / 6.0]);
        assert!(chi_square_p_value(statistic, 2) < ALPHA);
    }
}
