mod wrap {
    pub struct Boxed<T> {
        pub inner: T,
    }

    pub fn new<T>(inner: T) -> Boxed<T> {
        Boxed { inner }
    }
}

pub fn make() -> wrap::Boxed<u8> {
    wrap::new::<u8>(3)
}

pub fn get(b: &wrap::Boxed<u8>) -> u8 {
    b.inner
}
