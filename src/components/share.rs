//! Sharing and pictures: the read-only link (with its length and the long-link fallback),
//! and SVG, PNG and print of the blueprint as the chosen audience sees it.

use leptos::html::Img;
use leptos::prelude::*;
use stageline_core::audience::AudienceFilter;
use stageline_core::library::{file_name, title_or_untitled};
use stageline_core::share::{is_long, ShareLink, LONG_LINK_CHARS};
use stageline_core::svg::{render_with, PictureOptions};
use stageline_schema::{to_json_pretty, Blueprint};

use crate::components::audience::AudienceControls;
use crate::components::dialog::Dialog;
use crate::io::{copy_text, download, download_png, download_svg};
use crate::lazy::{LazyPart, LoadFailed, Part};

/// The address of the app itself (without any fragment), the base of every shared link.
pub fn app_base() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// A file name for a picture of `doc` with extension `ext`.
fn picture_name(doc: &Blueprint, ext: &str) -> String {
    file_name(title_or_untitled(doc)).replace(".stageline.json", &format!(".{ext}"))
}

/// The picture of `doc` under `filter`, with the orchestration band when `band` is on (the
/// picture shows what the page shows).
fn picture(doc: &Blueprint, filter: &AudienceFilter, band: bool) -> String {
    render_with(
        doc,
        filter,
        PictureOptions {
            orchestration_band: band,
        },
    )
}

/// Draws the picture of a blueprint (see [`picture`]).
type Draw = fn(&Blueprint, &AudienceFilter, bool) -> String;

/// The pictures' code (the SVG renderer, the orchestration band of the picture), a part that
/// the editor loads after its first frame, for printing from the browser's menu.
#[leptos::wasm_split::wasm_split(pictures, fallible, wasm_split_path = ::leptos::wasm_split)]
fn pictures() -> Result<Draw, LoadFailed> {
    Ok(picture)
}

/// Sets up printing for the page showing `doc`: provides the [`Printer`] and draws the
/// picture just before the browser prints (Ctrl+P, the browser's menu), following `filter`
/// and `band` (whether the orchestration band is shown) unless a print asked for another.
/// The drawing code loads after the first frame (until then, and if it cannot load, the
/// browser prints the page without the picture).
pub fn provide_printer(
    doc: Signal<Blueprint>,
    filter: Signal<AudienceFilter>,
    band: Signal<bool>,
) -> Printer {
    let printer = Printer {
        src: RwSignal::new(None),
        img: NodeRef::new(),
        prepared: StoredValue::new(false),
        draw: StoredValue::new(None),
    };
    provide_context(printer);
    crate::idle::after_first_paint(move || {
        leptos::task::spawn_local(async move {
            if let Ok(draw) = pictures().await {
                let _ = printer.draw.try_set_value(Some(draw));
                crate::perf::mark("stageline:pictures");
            }
        });
    });
    let before = window_event_listener_untyped("beforeprint", move |_| {
        let draw = printer.draw.try_get_value().flatten();
        if let (false, Some(draw)) = (printer.prepared.get_value(), draw) {
            let band = band.get_untracked();
            printer.show(&doc.with_untracked(|d| filter.with_untracked(|f| draw(d, f, band))));
        }
    });
    let after =
        window_event_listener_untyped("afterprint", move |_| printer.prepared.set_value(false));
    on_cleanup(move || {
        before.remove();
        after.remove();
    });
    printer
}

/// The printed picture: an image of the whole blueprint (the screen shows only what is in
/// view), hidden on screen and alone on paper.
#[component]
pub fn PrintPicture() -> impl IntoView {
    let printer = use_context::<Printer>()?;
    Some(view! {
        <img
            class="print-picture"
            node_ref=printer.img
            alt="The blueprint, for printing"
            src=move || printer.src.get().unwrap_or_default()
        />
    })
}

/// Prints a picture of the blueprint, through the [`PrintPicture`] on the page.
#[derive(Clone, Copy)]
pub struct Printer {
    src: RwSignal<Option<String>>,
    img: NodeRef<Img>,
    prepared: StoredValue<bool>,
    /// The drawing code, once its part is loaded.
    draw: StoredValue<Option<Draw>>,
}

impl Printer {
    /// Puts `svg` in the printed picture (as an image, where nothing in it can run).
    fn show(&self, svg: &str) -> bool {
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(svg));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("image/svg+xml");
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
            return false;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return false;
        };
        if let Some(old) = self.src.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        self.src.set(Some(url));
        true
    }

    /// Shows `svg` in the printed picture and opens the print dialog once it has loaded.
    pub fn print(&self, svg: &str) {
        if let Some(img) = self.img.get_untracked() {
            let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
                let _ = window().print();
            });
            img.set_onload(Some(wasm_bindgen::JsCast::unchecked_ref(&onload)));
        }
        self.prepared.set_value(true);
        self.show(svg);
    }
}

/// Export buttons for the picture of `doc` under `filter`: SVG, PNG and print.
#[component]
pub fn PictureButtons(
    /// The blueprint.
    doc: Signal<Blueprint>,
    /// The audience filter the picture follows.
    filter: Signal<AudienceFilter>,
    /// Where to report what happened.
    status: RwSignal<String>,
    /// Whether the page shows the orchestration band (the picture then shows it too).
    band: Signal<bool>,
) -> impl IntoView {
    let svg = move || {
        let band = band.get_untracked();
        doc.with(|d| filter.with(|f| picture(d, f, band)))
    };
    let printer = use_context::<Printer>();
    view! {
        <span class="pictures" role="group" aria-label="Pictures">
            <button
                type="button"
                class="button button--small"
                on:click=move |_| {
                    let name = doc.with(|d| picture_name(d, "svg"));
                    status
                        .set(
                            match download_svg(&name, &svg()) {
                                Ok(()) => format!("Downloaded {name}"),
                                Err(e) => format!("Could not download the SVG: {e}"),
                            },
                        );
                }
            >
                "SVG"
            </button>
            <button
                type="button"
                class="button button--small"
                on:click=move |_| {
                    let name = doc.with(|d| picture_name(d, "png"));
                    let shown = name.clone();
                    download_png(
                        name,
                        &svg(),
                        move |r| {
                            status
                                .set(
                                    match r {
                                        Ok(()) => format!("Downloaded {shown}"),
                                        Err(e) => format!("Could not make the PNG: {e}"),
                                    },
                                )
                        },
                    );
                }
            >
                "PNG"
            </button>
            {printer
                .map(|p| {
                    view! {
                        <button
                            type="button"
                            class="button button--small"
                            on:click=move |_| p.print(&svg())
                        >
                            "Print"
                        </button>
                    }
                })}
        </span>
    }
}

/// The share dialog of the editor: audience, the read-only link, pictures.
#[component]
pub fn ShareDialog(
    /// Whether the dialog is open.
    open: RwSignal<bool>,
    /// The blueprint being shared.
    doc: Signal<Blueprint>,
) -> impl IntoView {
    view! {
        <LazyPart what="The share dialog" load=move || share_dialog(open, doc) when=open />
    }
}

/// The share dialog (audience, link, pictures), in a chunk of its own ([`crate::lazy`]).
#[leptos::wasm_split::wasm_split(share, fallible, wasm_split_path = ::leptos::wasm_split)]
fn share_dialog(open: RwSignal<bool>, doc: Signal<Blueprint>) -> Part {
    let status = RwSignal::new(String::new());
    Ok(view! {
        <Dialog
            open=open
            on_close=move || open.set(false)
            labelled_by="share-title"
            initial_focus="share-copy"
            class="dialog--wide"
        >
            <ShareContent open=open doc=doc status=status />
        </Dialog>
    }
    .into_any())
}

/// The share dialog's content while it is open. Each opening is a new one, so its audience
/// starts as the one the editor is showing (if any), with no effect to reset it.
#[component]
fn ShareContent(
    /// Whether the dialog is open (cleared to close it).
    open: RwSignal<bool>,
    /// The blueprint being shared.
    doc: Signal<Blueprint>,
    /// What the dialog reports (kept across openings).
    status: RwSignal<String>,
) -> impl IntoView {
    let app = use_context::<crate::state::AppState>();
    let shown = app
        .map(|app| app.session.audience.get_untracked())
        .unwrap_or_default();
    let band: Signal<bool> = app.map_or(Signal::stored(false), |app| {
        app.session.orchestration.into()
    });
    let filter = RwSignal::new(shown);
    let link = Memo::new(move |_| {
        let f = filter.get();
        crate::perf::measure("stageline:share-encode", || {
            doc.with(|d| ShareLink::new(d.clone(), f).to_url(&app_base()))
        })
    });
    view! {
        <h2 id="share-title">"Share and export"</h2>
        <AudienceControls doc=doc filter=filter />
        <h3>"Read-only link"</h3>
        <p class="share__hint">
            "The blueprint travels inside the link itself (after the #), so no server ever sees it. Whoever opens it can look, not change your copy."
        </p>
        <textarea
            class="share__link"
            readonly
            aria-label="Read-only link"
            rows="3"
            prop:value=move || link.get()
        ></textarea>
        <p class="share__length">
            {move || format!("{} characters", link.with(String::len))}
        </p>
        <Show when=move || link.with(|l| is_long(l))>
            <p class="share__warning" role="alert">
                {format!(
                    "This link is over {LONG_LINK_CHARS} characters; chat and email tools may cut it. Send the JSON file instead: anyone can open it read-only from the Stageline library (“View a file read-only”).",
                )}
            </p>
        </Show>
        <div class="dialog__actions">
            <button
                type="button"
                id="share-copy"
                class="button button--primary"
                on:click=move |_| {
                    copy_text(
                        link.get_untracked(),
                        move |r| {
                            status
                                .set(
                                    match r {
                                        Ok(()) => "Link copied".into(),
                                        Err(e) => format!("Could not copy: {e}"),
                                    },
                                )
                        },
                    );
                }
            >
                "Copy link"
            </button>
            <a
                class="button"
                target="_blank"
                rel="noopener noreferrer"
                href=move || link.get()
            >
                "Open the link"
            </a>
            <button
                type="button"
                class="button"
                on:click=move |_| {
                    let (name, text) = doc
                        .with(|d| (file_name(title_or_untitled(d)), to_json_pretty(d)));
                    status
                        .set(
                            match download(&name, &text, "application/json") {
                                Ok(()) => format!("Downloaded {name}"),
                                Err(e) => format!("Could not download: {e}"),
                            },
                        );
                }
            >
                "Download JSON"
            </button>
        </div>
        <h3>"Pictures"</h3>
        <PictureButtons doc=doc filter=filter.into() status=status band=band />
        <p role="status" class="share__status">
            {move || status.get()}
        </p>
        <div class="dialog__actions">
            <button type="button" class="button" on:click=move |_| open.set(false)>
                "Close"
            </button>
        </div>
    }
}
