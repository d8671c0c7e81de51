mod ids {
    pub type Id = u64;

    pub static START: Id = 100;

    pub fn next(id: Id) -> Id {
        id + 1
    }
}

pub struct User {
    pub id: ids::Id,
}

pub fn first() -> User {
    User { id: ids::next(ids::START) }
}
