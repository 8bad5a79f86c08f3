//! The search worker: a thread that ranks articles off the UI thread, so that the reader never
//! freezes while a search runs. Each request carries a generation; a newer request makes every
//! older one stale, and a stale search stops between waves instead of finishing. Requests that
//! queued up while a search ran are skipped to the newest.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{Scope, ScopedJoinHandle};

use crate::library::Library;
use crate::query::Query;
use crate::search::session::Session;
use crate::search::{Hit, Marks};

/// Work for the worker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// Rank the articles for a query.
    Search {
        /// Newer requests have higher generations.
        generation: u64,
        /// The query as typed.
        text: String,
        /// What the reader marked, when the query asks (`unread`, `starred`).
        marks: Arc<Marks>,
    },
    /// Prepare what searches need (the haystacks, the word index), so that the first
    /// keystroke does not wait for it.
    Prepare,
    /// Count the articles a saved search matches.
    Count {
        /// The saved search's position.
        slot: usize,
        /// Its query.
        text: String,
    },
}

/// What the worker found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// Results of a search: the best so far (`complete` false) or all of them, best first.
    Found {
        /// The request's generation.
        generation: u64,
        /// The matching articles, best first.
        hits: Arc<[Hit]>,
        /// True when every candidate was scored.
        complete: bool,
    },
    /// The count of a saved search.
    Counted {
        /// The saved search's position.
        slot: usize,
        /// How many articles it matches.
        count: usize,
    },
}

/// The handle the reader keeps: send requests, mark older ones stale, stop the thread.
pub struct Worker<'scope> {
    requests: Option<Sender<(Request, Arc<Library>)>>,
    latest: Arc<AtomicU64>,
    thread: Option<ScopedJoinHandle<'scope, ()>>,
}

impl<'scope> Worker<'scope> {
    /// Starts the worker; `respond` is called from the worker's thread with each response.
    pub fn start(scope: &'scope Scope<'scope, '_>, respond: impl Fn(Response) + Send + 'scope) -> Self {
        let (requests, inbox) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        let thread = scope.spawn(move || serve(&inbox, &newest, &respond));
        Self { requests: Some(requests), latest, thread: Some(thread) }
    }

    /// Asks for work on the library as it is now; a search makes every earlier search stale.
    /// The worker holds the library only while it works on the request, so that the reader can
    /// change it (take its entities, append articles) between requests.
    pub fn send(&self, request: Request, library: &Arc<Library>) {
        if let Request::Search { generation, .. } = request {
            self.latest.fetch_max(generation, Ordering::SeqCst);
        }
        if let Some(requests) = &self.requests {
            // The worker only stops when this handle is dropped, so sending cannot fail.
            let _ = requests.send((request, Arc::clone(library)));
        }
    }
}

impl Drop for Worker<'_> {
    /// Stops the search under way and waits for the thread to end.
    fn drop(&mut self) {
        self.latest.store(u64::MAX, Ordering::SeqCst);
        self.requests = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The worker's loop: until the reader hangs up.
fn serve(inbox: &Receiver<(Request, Arc<Library>)>, latest: &AtomicU64, respond: &dyn Fn(Response)) {
    let mut session = Session::new();
    while let Ok(mut request) = inbox.recv() {
        // Searches that queued up behind a newer one are never run.
        loop {
            match (&request.0, inbox.try_recv()) {
                (Request::Search { .. }, Ok(next @ (Request::Search { .. }, _))) => request = next,
                (_, Ok(next)) => {
                    answer(&mut session, request, latest, respond);
                    request = next;
                }
                (_, Err(_)) => break,
            }
        }
        answer(&mut session, request, latest, respond);
    }
}

/// Answers one request; the library is let go before the last response, so that the reader,
/// told of it, finds the library its own again.
fn answer(
    session: &mut Session,
    (request, library): (Request, Arc<Library>),
    latest: &AtomicU64,
    respond: &dyn Fn(Response),
) {
    match request {
        Request::Search { generation, text, marks } => {
            let stale = || latest.load(Ordering::SeqCst) != generation;
            if stale() {
                return;
            }
            let query = Query::parse(&text);
            let mut partial =
                |hits: Vec<Hit>| respond(Response::Found { generation, hits: hits.into(), complete: false });
            let found = session.search_marked(&library, &query, &marks, &stale, &mut partial);
            drop(library);
            if let Some(hits) = found {
                respond(Response::Found { generation, hits, complete: true });
            }
        }
        Request::Prepare => {
            let _ = (library.haystacks(), library.words());
        }
        Request::Count { slot, text } => {
            let count = session.count(&library, &Query::parse(&text));
            drop(library);
            respond(Response::Counted { slot, count });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use super::*;

    #[test]
    fn searches_are_answered_and_stale_ones_skipped() {
        let library = Arc::new(crate::testing::seeds());
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        std::thread::scope(|scope| {
            let worker = Worker::start(scope, move |r| tx.lock().unwrap().send(r).unwrap());
            worker.send(Request::Count { slot: 3, text: "'rare".into() }, &library);
            let marks = Arc::new(Marks::default());
            worker.send(Request::Search { generation: 1, text: "zzzz".into(), marks: Arc::clone(&marks) }, &library);
            worker.send(Request::Search { generation: 2, text: "rare".into(), marks }, &library);
            let mut complete = None;
            let mut counted = None;
            while complete.is_none() || counted.is_none() {
                match rx.recv_timeout(Duration::from_secs(30)).expect("the worker answers") {
                    Response::Found { generation: 2, hits, complete: true } => complete = Some(hits.len()),
                    Response::Found { generation, hits, .. } => {
                        assert!(generation == 2 || hits.is_empty(), "only the newest search finds anything");
                    }
                    Response::Counted { slot, count } => counted = Some((slot, count)),
                }
            }
            let expected = |text: &str| crate::search::search(&library, &Query::parse(text)).len();
            assert_eq!(complete, Some(expected("rare")));
            assert_eq!(counted, Some((3, expected("'rare"))));
            assert!(expected("'rare") > 0);
        });
        let mut library = library;
        assert!(Arc::get_mut(&mut library).is_some(), "the worker lets the library go once it has answered");
    }
}
