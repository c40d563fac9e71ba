//! The iteration order of a CPython `set` of strings, as the official Python SDK produces it.
//!
//! `TransmissionTemplate.setBlackThirdParty(codes)` does `list(set(codes))`: duplicates go away
//! and the order becomes the set's table order, which depends on the string hashes. The golden
//! vectors were recorded with CPython 3.11 and `PYTHONHASHSEED=0` (hash randomisation off,
//! SipHash-1-3 with a zero key), so that order is reproducible; this module reproduces it so
//! that `PushInfo.blackThirdparty` is byte-identical. The server treats the list as a set, so any
//! order is equally valid; this one is simply the reference.

/// De-duplicates `items` and orders them as `list(set(items))` does in CPython 3.11 with
/// `PYTHONHASHSEED=0`.
///
/// ```
/// let codes = ["HW", "XM", "HW", "OP"].map(String::from);
/// assert_eq!(getui_model::pyset::python_set_order(&codes), ["OP", "HW", "XM"]);
/// ```
pub fn python_set_order<S: AsRef<str>>(items: &[S]) -> Vec<&str> {
    let mut set = PySet::default();
    for item in items {
        let s = item.as_ref();
        set.add(s, python_str_hash(s));
    }
    set.table.into_iter().flatten().map(|(s, _)| s).collect()
}

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const MIN_SIZE: usize = 8;

/// `setobject.c` without deletions: open addressing with linear probes then perturbation.
struct PySet<'a> {
    table: Vec<Option<(&'a str, i64)>>,
    fill: usize,
}

impl Default for PySet<'_> {
    fn default() -> Self {
        Self {
            table: vec![None; MIN_SIZE],
            fill: 0,
        }
    }
}

impl<'a> PySet<'a> {
    fn add(&mut self, key: &'a str, hash: i64) {
        let mask = self.table.len() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match self.table[j] {
                    None => {
                        self.table[j] = Some((key, hash));
                        self.fill += 1;
                        if self.fill * 5 >= mask * 3 {
                            self.resize(self.fill * 4);
                        }
                        return;
                    }
                    Some((existing, h)) if h == hash && existing == key => return,
                    Some(_) => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![None; size]);
        let mask = size - 1;
        for (key, hash) in old.into_iter().flatten() {
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            'probe: loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in i..=i + probes {
                    if self.table[j].is_none() {
                        self.table[j] = Some((key, hash));
                        break 'probe;
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            }
        }
    }
}

/// `hash(s)` of CPython 3.11 with `PYTHONHASHSEED=0`: SipHash-1-3 with a zero key over the
/// string's internal representation (Latin-1, UCS-2 or UCS-4, little endian), `-1` mapped to
/// `-2`, and 0 for the empty string.
pub fn python_str_hash(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let max = s.chars().map(u32::from).max().unwrap_or(0);
    let mut bytes = Vec::with_capacity(s.len() * 4);
    for c in s.chars().map(u32::from) {
        match max {
            0..=0xff => bytes.push(c as u8),
            0x100..=0xffff => bytes.extend_from_slice(&(c as u16).to_le_bytes()),
            _ => bytes.extend_from_slice(&c.to_le_bytes()),
        }
    }
    let hash = siphash13(0, 0, &bytes) as i64;
    if hash == -1 {
        -2
    } else {
        hash
    }
}

fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[2] = v[2].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[1]);
        v[0] = v[0].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].rotate_left(32);
    }
    let chunks = data.chunks_exact(8);
    let tail = chunks.remainder();
    for chunk in chunks {
        let m = u64::from_le_bytes(chunk.try_into().expect("8-byte chunk"));
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    let mut last = (data.len() as u64) << 56;
    for (i, byte) in tail.iter().enumerate() {
        last |= u64::from(*byte) << (8 * i);
    }
    v[3] ^= last;
    round(&mut v);
    v[0] ^= last;
    v[2] ^= 0xff;
    for _ in 0..3 {
        round(&mut v);
    }
    (v[0] ^ v[1]) ^ (v[2] ^ v[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values printed by CPython 3.11.7 with `PYTHONHASHSEED=0`.
    #[test]
    fn hashes_match_cpython() {
        for (s, h) in [
            ("HW", 3_991_873_256_839_042_781),
            ("XM", -2_799_391_931_735_240_977),
            ("VV", 6_696_944_584_343_350_611),
            ("MZ", -5_403_458_373_553_753_212),
            ("FCM", -4_840_025_524_151_597_493),
            ("OP", 790_489_835_409_492_820),
            ("ALL", 440_026_364_542_309_987),
            ("", 0),
            ("é", 6_047_309_291_227_476_195),
            ("中文", 501_833_946_989_431_548),
            ("😀a", 1_495_732_039_293_241_016),
            ("abcdefghij", -829_746_140_550_000_655),
        ] {
            assert_eq!(python_str_hash(s), h, "{s}");
        }
    }

    #[test]
    fn set_order_matches_cpython() {
        let order = |items: &[&str]| python_set_order(items).join(",");
        assert_eq!(order(&["HW", "XM", "HW", "OP"]), "OP,HW,XM");
        assert_eq!(
            order(&["HW", "XM", "VV", "MZ", "FCM", "OP"]),
            "MZ,FCM,XM,VV,OP,HW"
        );
        assert_eq!(order(&["VV", "MZ", "FCM"]), "FCM,VV,MZ");
        assert_eq!(
            order(&["FCM", "OP", "VV", "MZ", "XM", "HW", "ALL"]),
            "ALL,MZ,FCM,XM,VV,OP,HW"
        );
        assert_eq!(
            order(&["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]),
            "d,f,g,h,k,b,i,c,a,j,e"
        );
        assert_eq!(order(&["HW"]), "HW");
        assert_eq!(order(&[]), "");
    }
}
