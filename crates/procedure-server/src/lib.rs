//! `procedure serve`: the guided interview and its result as web pages, and a JSON API, for
//! procedures compiled once at start.
//!
//! The server keeps no state between requests: the answers travel in the URL (a GET form, so
//! that back and edit links are plain links), every page evaluates them afresh with
//! [`procedure::interview`], and the compiled procedures are immutable and shared by every
//! request. Nothing is stored, no cookie is set, nothing is logged. More instances behind any
//! load balancer serve more readers.
//!
//! ```no_run
//! # fn main() -> std::io::Result<()> {
//! let procedures = Vec::new(); // compiled with `procedure::compile`
//! let site = procedure_server::Site::new(procedures, procedure_server::Today::fixed(jiff::civil::date(2026, 12, 7)));
//! procedure_server::run("127.0.0.1:8080".parse().map_err(std::io::Error::other)?, site)
//! # }
//! ```

mod answers;
mod api;
mod guard;
mod lang;
mod pages;
mod words;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use jiff::civil::Date;
use procedure::Procedure;

pub use api::{OPENAPI, api_routes};

/// The date of evaluation of a request: the server's date where a procedure's time zone is,
/// or a fixed date (tests, examples).
#[derive(Clone)]
pub struct Today(Arc<dyn Fn(&Procedure) -> Date + Send + Sync>);

impl Today {
    /// Always `date`.
    #[must_use]
    pub fn fixed(date: Date) -> Today {
        Today(Arc::new(move |_| date))
    }

    /// Asks `clock` at each request, for the procedure evaluated.
    pub fn from_fn(clock: impl Fn(&Procedure) -> Date + Send + Sync + 'static) -> Today {
        Today(Arc::new(clock))
    }

    fn of(&self, procedure: &Procedure) -> Date {
        (self.0)(procedure)
    }
}

impl std::fmt::Debug for Today {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Today")
    }
}

/// The procedures served, compiled, and the pages' templates.
#[derive(Debug)]
pub struct Site {
    procedures: Vec<Procedure>,
    today: Today,
    templates: minijinja::Environment<'static>,
}

impl Site {
    /// A site serving `procedures`, addressed by their ids (the first of two with one id wins;
    /// the caller refuses duplicates), evaluated on the date `today` gives.
    #[must_use]
    pub fn new(procedures: Vec<Procedure>, today: Today) -> Site {
        Site { procedures, today, templates: pages::templates() }
    }

    fn procedure(&self, id: &str) -> Option<&Procedure> {
        self.procedures.iter().find(|p| p.id == id)
    }
}

/// The shared state of every handler.
type Shared = Arc<Site>;

/// The whole application: pages, API, static assets and the hardening layers.
pub fn router(site: Site) -> Router {
    let site = Arc::new(site);
    guard::harden(pages::routes().merge(api::routes()).with_state(site.clone()), site)
}

/// Serves `site` on `address` until Ctrl-C, on a runtime of its own.
pub fn run(address: SocketAddr, site: Site) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(address).await?;
        axum::serve(listener, router(site))
            .with_graceful_shutdown(async {
                // No signal handler means no graceful stop; the process still ends on the signal.
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}
