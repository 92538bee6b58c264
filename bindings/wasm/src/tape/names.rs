//! The tape's field and variant names (tags `8` and `9`): each crosses once, then by its id.

/// The names given ids, by where the string is: open addressing over a fixed number of slots
/// (the API has a few hundred names; should they ever fill it, names go inline as strings).
pub(super) struct Names {
    pub(super) slots: Vec<Option<Name>>,
    pub(super) next: u32,
}

#[derive(Clone, Copy)]
pub(super) struct Name {
    pub(super) ptr: usize,
    pub(super) len: usize,
    pub(super) id: u32,
    /// Whether a tape defining it was decoded: only then may a tape refer to it by id alone.
    pub(super) sent: bool,
}

const NAME_SLOTS: usize = 2048;

impl Names {
    /// The slot of `s`, given an id now if it has none; `None` when the table is full.
    pub(super) fn slot(&mut self, s: &'static str) -> Option<usize> {
        if self.slots.is_empty() {
            self.slots = vec![None; NAME_SLOTS];
        }
        let ptr = s.as_ptr() as usize;
        let mut i = (ptr ^ s.len().rotate_left(11)).wrapping_mul(0x9E37_79B9) >> 7;
        for _ in 0..NAME_SLOTS {
            i &= NAME_SLOTS - 1;
            match self.slots[i] {
                Some(n) if n.ptr == ptr && n.len == s.len() => return Some(i),
                Some(_) => i += 1,
                None if (self.next as usize) < NAME_SLOTS / 2 => {
                    self.slots[i] = Some(Name { ptr, len: s.len(), id: self.next, sent: false });
                    self.next += 1;
                    return Some(i);
                }
                None => return None,
            }
        }
        None
    }

    /// The tape that defined the names in `slots` was decoded.
    pub(super) fn sent(&mut self, slots: &[usize]) {
        for &i in slots {
            if let Some(name) = self.slots[i].as_mut() {
                name.sent = true;
            }
        }
    }
}
