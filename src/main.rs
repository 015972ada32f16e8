//! Stageline's browser entry point: installs the panic hook and mounts the app.

mod actions;
mod app;
#[cfg(test)]
mod architecture;
mod collab;
mod components;
mod idle;
mod interaction;
mod io;
mod lazy;
mod offline;
mod pages;
mod perf;
mod route;
mod state;
mod storage;
mod view_model;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
