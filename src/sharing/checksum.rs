//! CRC-32 (IEEE 802.3, the one zip and PNG use) over a link's payload, so a
//! link that was cut short or edited by hand is told apart from one that is
//! merely old: a changed byte changes the checksum with certainty for any
//! burst up to 32 bits, and with probability 1 − 2⁻³² otherwise.

/// The reflected IEEE polynomial.
const POLYNOMIAL: u32 = 0xEDB8_8320;

/// CRC-32 of `bytes`, bit by bit: a link is at most a few hundred KB, so a
/// 1 KB lookup table is not worth its size in the wasm.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (POLYNOMIAL & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::crc32;

    #[test]
    fn matches_the_standard_check_value() {
        // The "check" value every CRC-32/ISO-HDLC implementation publishes.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }
}
