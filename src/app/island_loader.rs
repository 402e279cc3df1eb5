//! How a page's islands get their code. Leptos' own loader fetches the wasm (and every lazy
//! island's chunk) as soon as the page is idle; a reader who only reads would download it all.
//! This loader fetches nothing until it is needed: for a visitor who is signed in, or on a
//! page whose whole point is interactive (an element with `data-hydrate-now`: the forms and
//! the editor put one on their page), every
//! island wakes when the page is idle; otherwise an island wakes on the first pointer, focus
//! or click inside it, and a waking click is replayed once it is live.
//!
//! Server-only: it reads the bundle's hashed file names, as Leptos' `HydrationScripts` does.

use leptos::prelude::*;

use crate::model::wire;

const LOADER: &str = r#"(function(js, wasm, marker, tokenKey) {
  var loading;
  function load() {
    return loading || (loading = import(js).then(function (m) {
      return m.default({ module_or_path: wasm }).then(function () { m.hydrate(); return m; });
    }));
  }
  function wake(el) {
    if (el.$$woken) return el.$$woken;
    // What is typed before the island is live (already there, or typed while its code
    // arrives) is given back to it afterwards, as typing: hydrating resets the fields.
    var typed = new Map();
    function remember(field) { if (field.matches("input, textarea")) typed.set(field, field.value); }
    el.querySelectorAll("input, textarea").forEach(remember);
    function onInput(event) { remember(event.target); }
    el.addEventListener("input", onInput, true);
    return el.$$woken = load().then(function (m) {
      var hydrate = m[el.dataset.component];
      if (!hydrate) return console.warn("no code for island " + el.dataset.component);
      return Promise.resolve(hydrate(el)).then(function () {
        el.removeEventListener("input", onInput, true);
        typed.forEach(function (value, field) {
          if (value && field.value !== value) {
            field.value = value;
            field.dispatchEvent(new Event("input", { bubbles: true }));
          }
        });
      });
    });
  }
  var islands = document.querySelectorAll("leptos-island");
  var signedIn = document.cookie.split(";").some(function (cookie) {
    return cookie.trim().replace(/^__Host-/, "") === marker + "=1";
  });
  try { signedIn = signedIn || localStorage.getItem(tokenKey) !== null; } catch (e) {}
  if (signedIn || document.querySelector("[data-hydrate-now]")) {
    document.documentElement.dataset.islands = "waking";
    (window.requestIdleCallback || setTimeout)(function () {
      Promise.all(Array.prototype.map.call(islands, wake)).then(function () {
        document.documentElement.dataset.hydrated = "";
      });
    });
    return;
  }
  document.documentElement.dataset.islands = "armed";
  islands.forEach(function (el) {
    function onEvent(event) {
      if (el.$$live) return;
      var click = event.type === "click";
      if (click) { event.preventDefault(); event.stopPropagation(); }
      wake(el).then(function () {
        el.$$live = true;
        if (click) event.target.click();
      });
    }
    el.addEventListener("pointerover", onEvent, { once: true, passive: true });
    el.addEventListener("focusin", onEvent, { once: true });
    el.addEventListener("click", onEvent, { capture: true });
  });
})"#;

/// The loader, at the end of `<body>`.
#[component]
pub fn IslandLoader(options: LeptosOptions) -> impl IntoView {
    // Only islands carry hydration markers; the rest of the page is the server's alone.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! { <script type="module" inner_html=loader_script(&options)></script> }
}

/// The loader's text, the same on every page of a build: the Content-Security-Policy allows
/// it by its hash.
pub fn loader_script(options: &LeptosOptions) -> String {
    let (js, wasm) = bundle_names(options);
    let pkg = &options.site_pkg_dir;
    format!(
        "{LOADER}({:?}, {:?}, {:?}, {:?});",
        format!("/{pkg}/{js}.js"),
        format!("/{pkg}/{wasm}.wasm"),
        wire::SESSION_MARKER_COOKIE,
        wire::ACCESS_TOKEN,
    )
}

/// The bundle's file names without extension, with the content hashes of a `hash-files`
/// build (from the hash file cargo-leptos writes beside the binary).
fn bundle_names(options: &LeptosOptions) -> (String, String) {
    let mut js = options.output_name.to_string();
    let mut wasm = options.output_name.to_string();
    if !options.hash_files {
        if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
            wasm.push_str("_bg");
        }
        return (js, wasm);
    }
    let hashes = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())))
        .and_then(|path| std::fs::read_to_string(path).ok())
        .unwrap_or_default();
    for (file, hash) in hashes
        .lines()
        .filter_map(|line| line.trim().split_once(':'))
    {
        match file {
            "js" => js.push_str(&format!(".{}", hash.trim())),
            "wasm" => wasm.push_str(&format!(".{}", hash.trim())),
            _ => {}
        }
    }
    (js, wasm)
}
