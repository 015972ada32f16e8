//! Keeps the linker's relocations in the app's wasm binary: the build splits that binary at its
//! `#[wasm_split]` points (the parts that load on demand, `src/lazy.rs`), and the splitter
//! (wasm-split, run by `scripts/lib/wasm-split/wasm-bindgen`) needs them to tell which code each
//! part reaches. Only the final link of the app changes, so no dependency is rebuilt.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
