//! The PROXY protocol: a header the load balancer writes at the start of each
//! TCP connection, ahead of the client's own bytes, so the receiver learns the
//! client's address even when the TCP source it sees is someone else's (the
//! load balancer's, or the node kube-proxy masqueraded to).
//!
//! Both versions follow haproxy's `doc/proxy-protocol.txt`
//! (<https://github.com/haproxy/haproxy/blob/master/doc/proxy-protocol.txt>):
//! - v1 (§2.1) is one text line, `PROXY TCP4 <src> <dst> <sport> <dport>\r\n`;
//! - v2 (§2.2) is binary: the 12-byte signature, `ver_cmd` (`0x21`: version 2,
//!   command PROXY), `fam` (`0x11`: AF_INET, STREAM), a big-endian length (12
//!   for IPv4), then the addresses and ports in network byte order.
//!
//! The header carries the addresses of the connection the load balancer
//! accepted: the client's address and port, and the VIP and port it dialled.
//! The model sends no TLVs (an AWS NLB may add some; they would only make `len`
//! larger).
//!
//! The receiver must be told to expect the header: the spec forbids guessing
//! ("The receiver MUST be configured to only receive the protocol described in
//! this specification and MUST not try to guess whether the protocol header is
//! present or not"). Receivers that expect it accept either version per
//! connection (nginx's `listen … proxy_protocol`, Envoy's proxy_protocol
//! listener filter), so the setting on the receiving side is on or off
//! ([`Reception`]). Health probes are never wrapped: a load balancer's probe is
//! its own connection and carries no header (the spec's LOCAL command exists
//! for probes a proxy does wrap; none modelled here does).

use std::fmt;
use std::net::SocketAddrV4;

use serde::{Deserialize, Serialize};

/// `loadBalancer.proxyProtocol`: which version the load balancer writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProxyProtocol {
    #[serde(rename = "v1")]
    V1,
    #[serde(rename = "v2")]
    V2,
}

impl fmt::Display for ProxyProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProxyProtocol::V1 => "v1",
            ProxyProtocol::V2 => "v2",
        })
    }
}

/// The v2 signature, `\r\n\r\n\0\r\nQUIT\n` (§2.2).
pub const V2_SIGNATURE: [u8; 12] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

/// The header of one connection: the version and the addresses it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProxyHeader {
    pub version: ProxyProtocol,
    /// The client's address and port, as the load balancer received them.
    pub source: SocketAddrV4,
    /// The address and port the client connected to (the VIP).
    pub destination: SocketAddrV4,
}

/// One field of a header, for an annotated dump: where it sits, its bytes,
/// its name in the spec and what it says here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderField {
    pub offset: usize,
    pub bytes: Vec<u8>,
    pub name: &'static str,
    pub meaning: String,
}

impl HeaderField {
    /// The bytes as upper-case hex pairs: `0D 0A 0D 0A`.
    pub fn hex(&self) -> String {
        self.bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(" ")
    }
}

impl ProxyHeader {
    /// The bytes the load balancer writes before the client's first byte.
    pub fn bytes(&self) -> Vec<u8> {
        match self.version {
            ProxyProtocol::V1 => self.v1_line().into_bytes(),
            ProxyProtocol::V2 => self.fields().into_iter().flat_map(|f| f.bytes).collect(),
        }
    }

    /// The v1 line, CRLF included: `PROXY TCP4 203.0.113.10 198.51.100.10 51000 80\r\n`.
    pub fn v1_line(&self) -> String {
        let (s, d) = (self.source, self.destination);
        format!("PROXY TCP4 {} {} {} {}\r\n", s.ip(), d.ip(), s.port(), d.port())
    }

    /// The header field by field, in the order they are sent. v1 is one
    /// text field per word, v2 the binary layout of §2.2.
    pub fn fields(&self) -> Vec<HeaderField> {
        match self.version {
            ProxyProtocol::V1 => self.v1_fields(),
            ProxyProtocol::V2 => self.v2_fields(),
        }
    }

    fn v1_fields(&self) -> Vec<HeaderField> {
        let (s, d) = (self.source, self.destination);
        let words: [(String, &'static str, String); 7] = [
            ("PROXY ".into(), "signature", "a v1 header follows".into()),
            ("TCP4 ".into(), "protocol", "TCP over IPv4".into()),
            (format!("{} ", s.ip()), "source address", "the client".into()),
            (format!("{} ", d.ip()), "destination address", "the address the client dialled".into()),
            (format!("{} ", s.port()), "source port", "the client's port".into()),
            (d.port().to_string(), "destination port", "the port the client dialled".into()),
            ("\r\n".into(), "CRLF", "end of the header".into()),
        ];
        let mut offset = 0;
        words
            .into_iter()
            .map(|(text, name, meaning)| {
                let field = HeaderField { offset, bytes: text.into_bytes(), name, meaning };
                offset += field.bytes.len();
                field
            })
            .collect()
    }

    fn v2_fields(&self) -> Vec<HeaderField> {
        let (s, d) = (self.source, self.destination);
        let parts: [(Vec<u8>, &'static str, String); 8] = [
            (V2_SIGNATURE.to_vec(), "sig", "\\r\\n\\r\\n\\0\\r\\nQUIT\\n".into()),
            (vec![0x21], "ver_cmd", "version 2, command PROXY".into()),
            (vec![0x11], "fam", "AF_INET + STREAM = TCP over IPv4".into()),
            (12u16.to_be_bytes().to_vec(), "len", "12 address bytes follow; total header = 16 + 12 = 28".into()),
            (s.ip().octets().to_vec(), "src_addr", s.ip().to_string()),
            (d.ip().octets().to_vec(), "dst_addr", d.ip().to_string()),
            (s.port().to_be_bytes().to_vec(), "src_port", s.port().to_string()),
            (d.port().to_be_bytes().to_vec(), "dst_port", d.port().to_string()),
        ];
        let mut offset = 0;
        parts
            .into_iter()
            .map(|(bytes, name, meaning)| {
                let field = HeaderField { offset, bytes, name, meaning };
                offset += field.bytes.len();
                field
            })
            .collect()
    }
}

/// v1: the line without its CRLF; v2: the bytes in hex.
impl fmt::Display for ProxyHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.version {
            ProxyProtocol::V1 => f.write_str(self.v1_line().trim_end()),
            ProxyProtocol::V2 => {
                let hex: Vec<String> = self.bytes().iter().map(|b| format!("{b:02X}")).collect();
                write!(f, "PROXY v2 {}", hex.join(" "))
            }
        }
    }
}

/// What the receiving application makes of a connection's first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reception {
    /// No header sent, none expected: the request is read as usual.
    Plain,
    /// The header was expected and read: the app knows the client's address.
    Parsed,
    /// A header arrived that the app does not expect: it reads `PROXY TCP4 …`
    /// (or v2's binary signature) as the start of its request and answers 400.
    BadRequest,
    /// The app expects a header that never comes: the first bytes are not a
    /// valid header, so it closes the connection.
    Closed,
}

impl Reception {
    /// What happens to a connection whose sender writes `sent` at a receiver
    /// that does (`expects`) or does not expect a header.
    pub fn of(sent: Option<ProxyProtocol>, expects: bool) -> Self {
        match (sent.is_some(), expects) {
            (false, false) => Reception::Plain,
            (true, true) => Reception::Parsed,
            (true, false) => Reception::BadRequest,
            (false, true) => Reception::Closed,
        }
    }

    /// Whether the request is served.
    pub fn served(self) -> bool {
        matches!(self, Reception::Plain | Reception::Parsed)
    }
}

impl fmt::Display for Reception {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reception::Plain => "no PROXY header sent or expected: the request is served",
            Reception::Parsed => "the app expects the PROXY header and reads the client's address from it",
            Reception::BadRequest => {
                "the load balancer sends a PROXY header the app does not expect: the app reads it as the start of \
                 its request and answers 400 Bad Request"
            }
            Reception::Closed => {
                "the app expects a PROXY header that never comes: the first bytes are not a header, so it closes \
                 the connection"
            }
        })
    }
}
