//! The bitstring itself: a fixed-length run of bits, index 0 being the most significant bit of
//! the first byte (the order the Recommendation prescribes), read and written in entries of
//! `statusSize` bits.

use std::fmt;

use crate::error::BitstringError;
use crate::model::{StatusListIndex, StatusSize};

/// A status bitstring of a whole number of bytes.
///
/// Bit `i` is bit `7 - i % 8` of byte `i / 8`: index 0 is the left-most, most significant bit of
/// the first byte. Entries of `statusSize` bits are stored big-endian at bit `index * statusSize`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Bitstring {
    bytes: Vec<u8>,
}

impl Bitstring {
    /// An all-zero bitstring of `bits` bits, rounded up to whole bytes.
    #[must_use]
    pub fn zeroed(bits: u64) -> Self {
        let bytes = usize::try_from(bits.div_ceil(8)).unwrap_or(usize::MAX);
        Self { bytes: vec![0; bytes] }
    }

    /// The bitstring whose bytes are `bytes`.
    #[must_use]
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self { bytes }
    }

    /// The raw bytes, most significant bit first.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Consume the bitstring and return its bytes.
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The length in bits.
    #[must_use]
    pub fn len_bits(&self) -> u64 {
        (self.bytes.len() as u64).saturating_mul(8)
    }

    /// How many entries of `size` bits fit.
    #[must_use]
    pub fn entries(&self, size: StatusSize) -> u64 {
        self.len_bits() / u64::from(size.get())
    }

    /// The bit at `bit`, or `None` past the end.
    #[must_use]
    pub fn bit(&self, bit: u64) -> Option<bool> {
        let byte = self.bytes.get(usize::try_from(bit / 8).ok()?)?;
        Some(byte & (0x80 >> (bit % 8)) != 0)
    }

    /// Set or clear the bit at `bit`.
    ///
    /// # Errors
    /// [`BitstringError::IndexOutOfRange`] past the end.
    pub fn set_bit(&mut self, bit: u64, value: bool) -> Result<(), BitstringError> {
        let len = self.len_bits();
        let byte = usize::try_from(bit / 8)
            .ok()
            .and_then(|i| self.bytes.get_mut(i))
            .ok_or(BitstringError::IndexOutOfRange {
                index: bit,
                entries: len,
            })?;
        let mask = 0x80 >> (bit % 8);
        if value {
            *byte |= mask;
        } else {
            *byte &= !mask;
        }
        Ok(())
    }

    /// The value of entry `index` of `size` bits (big-endian).
    ///
    /// # Errors
    /// [`BitstringError::IndexOutOfRange`] when the entry does not lie wholly inside the list.
    pub fn get(&self, index: StatusListIndex, size: StatusSize) -> Result<u32, BitstringError> {
        let start = self.entry_start(index, size)?;
        if size.get() == 1 {
            return self.bit(start).map(u32::from).ok_or(BitstringError::IndexOutOfRange {
                index: index.get(),
                entries: self.entries(size),
            });
        }
        let mut value = 0_u32;
        for offset in 0..u64::from(size.get()) {
            let bit = self.bit(start + offset).ok_or(BitstringError::IndexOutOfRange {
                index: index.get(),
                entries: self.entries(size),
            })?;
            value = (value << 1) | u32::from(bit);
        }
        Ok(value)
    }

    /// Write `value` into entry `index` of `size` bits (big-endian).
    ///
    /// # Errors
    /// [`BitstringError::IndexOutOfRange`] when the entry does not lie wholly inside the list,
    /// [`BitstringError::ValueTooLarge`] when `value` needs more than `size` bits.
    pub fn set(&mut self, index: StatusListIndex, size: StatusSize, value: u32) -> Result<(), BitstringError> {
        if value > size.max_value() {
            return Err(BitstringError::ValueTooLarge {
                value,
                status_size: size.get(),
            });
        }
        let start = self.entry_start(index, size)?;
        let width = u64::from(size.get());
        for offset in 0..width {
            let shift = width - 1 - offset;
            self.set_bit(start + offset, (value >> shift) & 1 == 1)?;
        }
        Ok(())
    }

    /// Indices of the entries of `size` bits whose value is not zero, with their values, in
    /// increasing order.
    #[must_use]
    pub fn non_zero_entries(&self, size: StatusSize) -> Vec<(u64, u32)> {
        let width = u64::from(size.get());
        let mut found = Vec::new();
        let mut last_entry = None;
        for (byte_index, byte) in self.bytes.iter().enumerate() {
            if *byte == 0 {
                continue;
            }
            for bit_in_byte in 0..8_u64 {
                if byte & (0x80 >> bit_in_byte) == 0 {
                    continue;
                }
                let bit = byte_index as u64 * 8 + bit_in_byte;
                let entry = bit / width;
                if last_entry == Some(entry) || entry >= self.entries(size) {
                    continue;
                }
                last_entry = Some(entry);
                if let Ok(value) = self.get(StatusListIndex::new(entry), size) {
                    found.push((entry, value));
                }
            }
        }
        found
    }

    fn entry_start(&self, index: StatusListIndex, size: StatusSize) -> Result<u64, BitstringError> {
        let entries = self.entries(size);
        if index.get() >= entries {
            return Err(BitstringError::IndexOutOfRange {
                index: index.get(),
                entries,
            });
        }
        // Cannot overflow: index < entries = len_bits / size.
        Ok(index.get() * u64::from(size.get()))
    }
}

impl fmt::Debug for Bitstring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = self.non_zero_entries(StatusSize::ONE);
        f.debug_struct("Bitstring")
            .field("len_bits", &self.len_bits())
            .field("set_bits", &set.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx(i: u64) -> StatusListIndex {
        StatusListIndex::new(i)
    }

    #[test]
    fn bit_zero_is_the_most_significant_bit_of_the_first_byte() {
        let mut bits = Bitstring::zeroed(16);
        bits.set(idx(0), StatusSize::ONE, 1).unwrap();
        bits.set(idx(9), StatusSize::ONE, 1).unwrap();
        assert_eq!(bits.as_bytes(), &[0x80, 0x40]);
    }

    #[test]
    fn multi_bit_entries_are_big_endian() {
        let size = StatusSize::new(2).unwrap();
        let mut bits = Bitstring::zeroed(8);
        bits.set(idx(1), size, 0b10).unwrap();
        bits.set(idx(3), size, 0b01).unwrap();
        assert_eq!(bits.as_bytes(), &[0b0010_0001]);
        assert_eq!(bits.get(idx(1), size).unwrap(), 2);
        assert_eq!(bits.non_zero_entries(size), vec![(1, 2), (3, 1)]);
    }

    #[test]
    fn out_of_range_and_too_large_values_are_errors() {
        let mut bits = Bitstring::zeroed(8);
        assert_eq!(
            bits.get(idx(8), StatusSize::ONE),
            Err(BitstringError::IndexOutOfRange { index: 8, entries: 8 })
        );
        let three = StatusSize::new(3).unwrap();
        // Two whole entries of three bits fit in eight bits; the third would straddle the end.
        assert_eq!(
            bits.get(idx(2), three),
            Err(BitstringError::IndexOutOfRange { index: 2, entries: 2 })
        );
        assert_eq!(
            bits.set(idx(0), StatusSize::ONE, 2),
            Err(BitstringError::ValueTooLarge {
                value: 2,
                status_size: 1
            })
        );
    }
}
