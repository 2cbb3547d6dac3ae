//! Regenerates the PNG renders shown in `docs/RENDERING.md` (run on demand:
//! `cargo test -p microcred-render -- --ignored regenerate_docs_images`).

use microcred_render::{LinkTemplate, RenderOptions, Renderer};

use crate::common::{LINK, build, request, tag, with_logo};

#[test]
#[ignore = "writes docs/images; run when the layout changes"]
fn regenerate_docs_images() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/images");
    std::fs::create_dir_all(&dir).unwrap();
    let renderer = Renderer::with_options(
        RenderOptions::default()
            .verification_link(LinkTemplate::new(LINK).unwrap())
            .dpi(96)
            .unwrap(),
    );
    for (name, language, logo) in [("en-online-eqf6-graded", "en", true), ("cs-many-outcomes", "cs", false)] {
        let mut req = request(name);
        if logo {
            req = with_logo(req);
        }
        let credential = build(&req);
        let pages = renderer.png(&credential, &tag(language)).unwrap();
        for (i, png) in pages.iter().enumerate() {
            std::fs::write(dir.join(format!("certificate-{name}-{}.png", i + 1)), png).unwrap();
        }
    }
}
