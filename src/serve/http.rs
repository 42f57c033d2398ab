//! HTTP: serves the in-memory site and the live-reload channel with axum (hyper parses HTTP;
//! nothing here reads a request line by hand). It takes the shared site and gives responses;
//! it never reads a path of the file system that a request names: a request path is only
//! ever a key of the site's file map (RELIABILITY.md case 13), so `..`, encoded dots,
//! backslashes and NUL bytes find nothing. Foreign `Host` headers (DNS rebinding) and foreign
//! `Origin`s on the event stream get 403 (case 14); no CORS header is ever sent.

use super::incremental::Files;
use super::reload::{self, Channel, Message};
use crate::write::Stored;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use percent_encoding::percent_decode_str;
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

/// What the server shares with the rebuild loop.
pub struct App {
    pub files: RwLock<Arc<Files>>,
    pub channel: Channel,
    /// The address and port the server listens on.
    pub bind: IpAddr,
    pub port: u16,
}

impl App {
    pub fn files(&self) -> Arc<Files> {
        self.files.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The router: every request goes to [`handle`].
pub fn router(app: Arc<App>) -> Router {
    Router::new().fallback(handle).with_state(app)
}

async fn handle(State(app): State<Arc<App>>, req: Request) -> Response {
    if !host_allowed(req.headers(), &app) {
        return text(StatusCode::FORBIDDEN, "forbidden: foreign Host header\n");
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    }
    let path = req.uri().path().to_string();
    match path.as_str() {
        reload::SCRIPT_PATH => with_type(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            reload::SCRIPT.into(),
        ),
        reload::EVENTS_PATH => {
            if !origin_allowed(req.headers(), &app) {
                return text(StatusCode::FORBIDDEN, "forbidden: foreign Origin\n");
            }
            events(&app).into_response()
        }
        _ => file(&app, &path).await,
    }
}

/// The server-sent event stream: the current problems, then every message.
fn events(app: &App) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let (problems, rx) = app.channel.subscribe();
    let first = tokio_stream::once(Message::Problems(problems));
    let later = BroadcastStream::new(rx).filter_map(Result::ok);
    let stream = first.chain(later).map(|m| {
        let (name, data) = m.event();
        Ok(Event::default().event(name).data(data))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn file(app: &App, raw_path: &str) -> Response {
    let files = app.files();
    let Some(key) = site_key(raw_path) else {
        return not_found(&files).await;
    };
    if let Some(stored) = files.get(&key) {
        return found(&key, stored).await;
    }
    let index = format!("{key}/index.html");
    if !key.ends_with("index.html") && files.contains_key(&index) {
        let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
        if let Ok(v) = HeaderValue::from_str(&format!("{raw_path}/")) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    not_found(&files).await
}

async fn found(key: &str, stored: &Stored) -> Response {
    let Some(bytes) = bytes(stored).await else {
        return text(StatusCode::NOT_FOUND, "not found\n");
    };
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    if mime.essence_str() == "text/html" {
        return with_type(
            StatusCode::OK,
            "text/html; charset=utf-8",
            reload::inject(&bytes),
        );
    }
    with_type(StatusCode::OK, mime.as_ref(), bytes)
}

async fn not_found(files: &Files) -> Response {
    match files.get("404.html") {
        Some(s) => match bytes(s).await {
            Some(b) => with_type(
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                reload::inject(&b),
            ),
            None => text(StatusCode::NOT_FOUND, "not found\n"),
        },
        None => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

async fn bytes(stored: &Stored) -> Option<Vec<u8>> {
    match stored {
        Stored::Bytes(b) => Some(b.to_vec()),
        Stored::Copy(path) => tokio::fs::read(path).await.ok(),
    }
}

fn text(status: StatusCode, body: &'static str) -> Response {
    with_type(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

fn with_type(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// The site key a request path names (`/a/b/` → `a/b/index.html`), or `None` for a path
/// that tries to leave the site: `.`/`..` segments (plain or percent-encoded), backslashes,
/// NUL bytes or invalid UTF-8. Decoding happens once, so `%252e` stays the text `%2e`.
pub fn site_key(raw_path: &str) -> Option<String> {
    let decoded = percent_decode_str(raw_path).decode_utf8().ok()?;
    if decoded.contains(['\0', '\\']) || !decoded.starts_with('/') {
        return None;
    }
    let rel = &decoded[1..];
    if rel.split('/').any(|seg| seg == "." || seg == "..")
        || rel.starts_with('/')
        || rel.contains("//")
    {
        return None;
    }
    if rel.is_empty() || rel.ends_with('/') {
        return Some(format!("{rel}index.html"));
    }
    Some(rel.to_string())
}

/// `Host` names this server: localhost names, an IP literal that is ours (any IP literal
/// when bound to all interfaces: DNS rebinding needs a name), with our port when given.
fn host_allowed(headers: &HeaderMap, app: &App) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    authority_allowed(host, app)
}

fn authority_allowed(authority: &str, app: &App) -> bool {
    let (host, port) = split_authority(authority);
    if port.is_some_and(|p| p != app.port) {
        return false;
    }
    let host = host.to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    match host.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == app.bind || app.bind.is_unspecified(),
        Err(_) => false,
    }
}

/// `host:port`, `[v6]:port`, `host` → (host, port).
fn split_authority(a: &str) -> (&str, Option<u16>) {
    if let Some(rest) = a.strip_prefix('[') {
        if let Some((h, tail)) = rest.split_once(']') {
            return (h, tail.strip_prefix(':').and_then(|p| p.parse().ok()));
        }
        return (a, None);
    }
    match a.rsplit_once(':') {
        Some((h, p)) => (h, Some(p.parse().unwrap_or(0))),
        None => (a, None),
    }
}

/// The event stream answers same-origin pages only (no `Origin` at all is fine: not a
/// cross-site browser request).
fn origin_allowed(headers: &HeaderMap, app: &App) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Some(rest) = origin.to_str().ok().and_then(|o| o.strip_prefix("http://")) else {
        return false;
    };
    authority_allowed(rest, app) && split_authority(rest).1.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_site_keys_or_nothing() {
        assert_eq!(site_key("/").as_deref(), Some("index.html"));
        assert_eq!(site_key("/a/b/").as_deref(), Some("a/b/index.html"));
        assert_eq!(site_key("/_static/x.css").as_deref(), Some("_static/x.css"));
        assert_eq!(site_key("/caf%C3%A9/").as_deref(), Some("café/index.html"));
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e%2fetc/passwd",
            "/%2E%2E/x",
            "/..%5c..%5cwindows",
            "/a%00.html",
            "/./a",
            "//etc/passwd",
            "/%ff",
        ] {
            assert_eq!(site_key(bad), None, "{bad}");
        }
        assert_eq!(site_key("/%252e%252e/x").as_deref(), Some("%2e%2e/x"));
    }

    fn app(bind: &str) -> App {
        App {
            files: RwLock::new(Arc::new(Files::new())),
            channel: Channel::default(),
            bind: bind.parse().unwrap(),
            port: 1111,
        }
    }

    #[test]
    fn hosts_and_origins() {
        let local = app("127.0.0.1");
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "localhost",
            "[::1]:1111",
        ] {
            assert!(authority_allowed(ok, &local), "{ok}");
        }
        for bad in [
            "evil.com",
            "evil.com:1111",
            "127.0.0.1:2222",
            "192.168.1.9:1111",
        ] {
            assert!(!authority_allowed(bad, &local), "{bad}");
        }
        assert!(authority_allowed("192.168.1.9:1111", &app("0.0.0.0")));
        assert!(!authority_allowed("rebind.example:1111", &app("0.0.0.0")));
        let mut h = HeaderMap::new();
        assert!(origin_allowed(&h, &local));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:1111"),
        );
        assert!(origin_allowed(&h, &local));
        h.insert(header::ORIGIN, HeaderValue::from_static("http://evil.com"));
        assert!(!origin_allowed(&h, &local));
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(!origin_allowed(&h, &local));
    }
}
