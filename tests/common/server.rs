//! A local static server that serves an output folder under a sub-path the way GitHub Pages
//! does (a folder answers with its `index.html`, a folder without a final `/` is redirected,
//! anything else is a 404 answered with the site's `404.html`), and a minimal client for it.
//! The publishing tests and the headless-browser tests (`browser.rs`) both use it.
//!
//! The server is tiny_http; the client is a plain HTTP/1.0 GET over a `TcpStream`: it only
//! ever talks to this server, and an HTTP client crate would bring TLS and URL stacks the test
//! does not need.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tiny_http::{Header, Response, Server};

/// A running server; stops when dropped.
pub struct Served {
    server: Arc<Server>,
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        // One unblock per worker: each wakes one waiting `incoming_requests`.
        for _ in 0..WORKERS {
            self.server.unblock();
        }
    }
}

/// A bound but not yet serving server, so a site can be built for its address first.
pub struct Bound {
    server: Arc<Server>,
    /// `http://127.0.0.1:<port>`.
    pub origin: String,
    addr: String,
}

/// Bind a port on 127.0.0.1.
pub fn bind() -> Bound {
    let server = Arc::new(Server::http("127.0.0.1:0").expect("bind a local port"));
    let addr = server
        .server_addr()
        .to_ip()
        .expect("an IP address")
        .to_string();
    Bound {
        server,
        origin: format!("http://{addr}"),
        addr,
    }
}

impl Bound {
    /// Serve `root` at `prefix` (`/innbok/`) on a background thread.
    pub fn serve(self, root: &Path, prefix: &str) -> Served {
        // Several workers, as a real static host has: a browser fetches many small files at
        // once (search fragments), and one response must never wait behind another.
        for _ in 0..WORKERS {
            let (server, root, prefix) =
                (self.server.clone(), root.to_path_buf(), prefix.to_string());
            std::thread::spawn(move || serve_requests(&server, &root, &prefix));
        }
        Served {
            server: self.server,
            addr: self.addr,
        }
    }
}

/// Worker threads answering requests.
const WORKERS: usize = 6;

/// Answer requests until the server is unblocked.
fn serve_requests(server: &Server, root: &Path, prefix: &str) {
    for req in server.incoming_requests() {
        let (status, location, path) = route(root, prefix, req.url());
        let body = path.and_then(|p| std::fs::read(p).ok()).unwrap_or_default();
        let mut resp = Response::from_data(body).with_status_code(status);
        if let Some(l) = location {
            resp.add_header(Header::from_bytes("Location", l).unwrap());
        }
        resp.add_header(Header::from_bytes("Content-Type", mime(req.url(), status)).unwrap());
        let _ = req.respond(resp);
    }
}

/// Status, redirect target and file of a request path.
fn route(root: &Path, prefix: &str, url: &str) -> (u16, Option<String>, Option<PathBuf>) {
    let not_found = (404, None, Some(root.join("404.html")));
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return not_found;
    };
    let Some(rel) = decoded
        .strip_prefix(prefix)
        .or((decoded.as_ref() == prefix.trim_end_matches('/')).then_some(""))
    else {
        return not_found;
    };
    if rel.split('/').any(|s| s == ".." || s == ".") {
        return not_found;
    }
    let file = root.join(rel);
    if file.is_dir() {
        if !path.ends_with('/') {
            return (301, Some(format!("{path}/")), None);
        }
        let index = file.join("index.html");
        return if index.is_file() {
            (200, None, Some(index))
        } else {
            not_found
        };
    }
    if file.is_file() {
        (200, None, Some(file))
    } else {
        not_found
    }
}

fn mime(url: &str, status: u16) -> &'static str {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let ext = path
        .rsplit('/')
        .next()
        .and_then(|f| f.rsplit_once('.'))
        .map(|(_, e)| e);
    match (status, ext) {
        (404, _) | (_, Some("html")) | (_, None) => "text/html; charset=utf-8",
        (_, Some("css")) => "text/css",
        (_, Some("js")) => "text/javascript",
        (_, Some("json")) => "application/json",
        (_, Some("xml")) => "application/xml",
        (_, Some("txt")) => "text/plain; charset=utf-8",
        (_, Some("png")) => "image/png",
        (_, Some("svg")) => "image/svg+xml",
        (_, Some("wasm")) => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// An answer of the server.
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

impl Served {
    /// GET a path (`/innbok/x/`), already percent-encoded.
    pub fn get(&self, path: &str) -> Answer {
        let mut stream = TcpStream::connect(&self.addr).expect("connect to the local server");
        write!(stream, "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n", self.addr).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(raw.len());
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let location = head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("location")
                .then(|| v.trim().to_string())
        });
        Answer {
            status,
            location,
            body: raw.get(split + 4..).unwrap_or_default().to_vec(),
        }
    }

    /// GET, following one redirect.
    pub fn fetch(&self, path: &str) -> Answer {
        let a = self.get(path);
        match (&a.status, &a.location) {
            (301, Some(l)) => self.get(l),
            _ => a,
        }
    }
}
