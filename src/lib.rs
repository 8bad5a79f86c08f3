//! newsdesk: a terminal reader for corpora of news articles.
//!
//! The crate is split into a pure core and a thin shell:
//! - [`corpus`] loads articles from disk (or the built-in default corpus) into an immutable
//!   [`corpus::Corpus`] and reports every file it could not read;
//! - [`sanitize`] makes untrusted article text safe to draw in a terminal;
//! - [`entities`] recognises people, organisations, places… and indexes their mentions;
//! - [`stories`] groups articles into the stories they tell; [`library`] owns the articles and
//!   every index derived from them;
//! - [`query`] parses search queries and [`search`] ranks articles for them;
//! - [`config`] parses the configuration, whose defaults live in `config.example.toml`;
//! - [`reader`] is the reader: pure state and updates; [`tui`] is the terminal loop at its
//!   edge, and [`ui`] draws it;
//! - [`persist`] keeps the reader's state between sessions, and [`export`] writes lists out;
//! - [`fetch`] fetches feeds over HTTP and saves their new items as article files;
//! - [`wording`] puts counts into words;
//! - [`cli`] is the command line: the only module that prints.

pub mod cache;
pub mod cli;
pub mod command;
pub mod config;
pub mod corpus;
pub mod diagnostic;
pub mod entities;
pub mod export;
pub mod fetch;
pub mod library;
pub mod persist;
pub mod query;
pub mod reader;
pub mod sanitize;
pub mod search;
pub mod stories;
#[cfg(test)]
mod testing;
pub mod tui;
pub mod ui;
pub mod wording;
