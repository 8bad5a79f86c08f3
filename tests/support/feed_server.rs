//! A feed server for tests, on 127.0.0.1, started by the test and stopped when dropped (or
//! after a minute): a feed built from a seed article's real text, with an `ETag` it honours,
//! and hostile paths (slow, huge, a gzip bomb, malformed, 500, a redirect loop, a redirect to
//! another scheme).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The feed the server gives, built from a seed article's real text.
pub fn feed(extra_item: bool) -> String {
    let seed = std::fs::read_to_string(super::repo().join("assets/corpus/004_25d0d9acb951db08.txt")).unwrap();
    let text: String = seed
        .lines()
        .filter(|l| l.len() > 80)
        .map(|l| ["<p>", &l.replace('&', "&amp;").replace('<', "&lt;"), "</p>"].concat())
        .collect();
    let extra = if extra_item {
        "<item><title>Talks close with a deal</title><link>http://example.com/deal</link><guid>deal</guid><pubDate>Tue, 10 Jun 2025 10:00:00 GMT</pubDate><description>The talks closed.</description></item>"
    } else {
        ""
    };
    format!(
        r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Coin World</title><link>http://example.com/</link>{extra}
<item><title>U.S. China Trade Talks Focus on Rare Earth Minerals Supply</title><link>http://example.com/talks</link><guid>talks</guid><pubDate>Sun, 08 Jun 2025 14:41:00 -0400</pubDate><content:encoded><![CDATA[{text}]]></content:encoded></item>
<item><title>../../escape attempt</title><link>http://example.com/escape</link><guid>escape</guid><description>A title that tries to leave the folder.</description></item>
</channel></rss>"#
    )
}

/// A server on 127.0.0.1 that answers by path; it stops when dropped (or after a minute).
pub struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
    /// Requests to `/feed.xml` that carried `If-None-Match`.
    pub conditional: Arc<AtomicUsize>,
    /// Whether the feed has grown an item.
    pub grown: Arc<AtomicBool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Server {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let (stop, conditional, grown) =
            (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)), Arc::new(AtomicBool::new(false)));
        let (s, c, g) = (Arc::clone(&stop), Arc::clone(&conditional), Arc::clone(&grown));
        std::thread::spawn(move || {
            let until = Instant::now() + Duration::from_secs(60);
            while !s.load(Ordering::Relaxed) && Instant::now() < until {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (s, c, g) = (Arc::clone(&s), Arc::clone(&c), Arc::clone(&g));
                        std::thread::spawn(move || serve(stream, port, &s, &c, &g));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Self { port, stop, conditional, grown }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn serve(mut stream: TcpStream, port: u16, stop: &AtomicBool, conditional: &AtomicUsize, grown: &AtomicBool) {
    stream.set_nonblocking(false).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    let mut headers = Vec::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        headers.push(line.to_ascii_lowercase());
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let respond = |stream: &mut TcpStream, status: &str, extra: &str, body: &[u8]| {
        let head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n", body.len());
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    };
    match path.as_str() {
        "/feed.xml" => {
            let etag = if grown.load(Ordering::Relaxed) { "\"v2\"" } else { "\"v1\"" };
            if headers.iter().any(|h| h.starts_with("if-none-match")) {
                conditional.fetch_add(1, Ordering::Relaxed);
                if headers.iter().any(|h| h.starts_with("if-none-match") && h.contains(etag)) {
                    return respond(&mut stream, "304 Not Modified", &format!("ETag: {etag}\r\n"), b"");
                }
            }
            let body = feed(grown.load(Ordering::Relaxed));
            respond(
                &mut stream,
                "200 OK",
                &format!("ETag: {etag}\r\nContent-Type: application/rss+xml\r\n"),
                body.as_bytes(),
            );
        }
        "/slow.xml" => {
            // Headers, then a byte now and then: never done.
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n<rss>");
            while !stop.load(Ordering::Relaxed) && stream.write_all(b" ").is_ok() {
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        "/huge.xml" => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n<rss><channel>");
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..(3 * 16) {
                if stream.write_all(&chunk).is_err() {
                    break;
                }
            }
        }
        "/bomb.xml" => {
            // 64 MB of spaces, gzipped to a few dozen kilobytes.
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            let chunk = vec![b' '; 1024 * 1024];
            for _ in 0..64 {
                encoder.write_all(&chunk).unwrap();
            }
            let body = encoder.finish().unwrap();
            respond(&mut stream, "200 OK", "Content-Encoding: gzip\r\n", &body);
        }
        "/malformed.xml" => respond(&mut stream, "200 OK", "", b"<rss><channel><title>Broken"),
        "/error.xml" => respond(&mut stream, "500 Internal Server Error", "", b"oops"),
        "/loop.xml" => {
            respond(&mut stream, "302 Found", &format!("Location: http://127.0.0.1:{port}/loop.xml\r\n"), b"");
        }
        "/ftp.xml" => respond(&mut stream, "302 Found", "Location: ftp://127.0.0.1/feed.xml\r\n", b""),
        _ => respond(&mut stream, "404 Not Found", "", b""),
    }
    let _ = reader.read(&mut [0u8; 1]);
}
