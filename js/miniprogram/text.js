// UTF-8 TextEncoder/TextDecoder for hosts that lack them (WeChat and Alipay mini-programs on
// devices): the host's own classes wherever they exist, these otherwise. Only what the glue and
// the tape decoder use: encode, encodeInto, and decode with `fatal` (invalid UTF-8 throws a
// TypeError, as the standard's fatal mode does) and `ignoreBOM`. ES2017, CommonJS.
"use strict";

function Utf8Encoder() {}
Utf8Encoder.prototype.encoding = "utf-8";

// Writes `s` as UTF-8 into `dest` while it fits; unpaired surrogates become U+FFFD, as the
// standard says. Returns { read, written } in UTF-16 units and bytes.
Utf8Encoder.prototype.encodeInto = function (s, dest) {
  var read = 0;
  var written = 0;
  var n = s.length;
  var cap = dest.length;
  while (read < n) {
    var c = s.charCodeAt(read);
    var units = 1;
    if (c >= 0xd800 && c <= 0xdfff) {
      var next = read + 1 < n ? s.charCodeAt(read + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        units = 2;
      } else {
        c = 0xfffd;
      }
    }
    var size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (written + size > cap) break;
    if (size === 1) {
      dest[written] = c;
    } else if (size === 2) {
      dest[written] = 0xc0 | (c >> 6);
      dest[written + 1] = 0x80 | (c & 0x3f);
    } else if (size === 3) {
      dest[written] = 0xe0 | (c >> 12);
      dest[written + 1] = 0x80 | ((c >> 6) & 0x3f);
      dest[written + 2] = 0x80 | (c & 0x3f);
    } else {
      dest[written] = 0xf0 | (c >> 18);
      dest[written + 1] = 0x80 | ((c >> 12) & 0x3f);
      dest[written + 2] = 0x80 | ((c >> 6) & 0x3f);
      dest[written + 3] = 0x80 | (c & 0x3f);
    }
    written += size;
    read += units;
  }
  return { read: read, written: written };
};

Utf8Encoder.prototype.encode = function (s) {
  s = s === undefined ? "" : String(s);
  var out = new Uint8Array(s.length * 3);
  var r = this.encodeInto(s, out);
  return out.slice(0, r.written);
};

function Utf8Decoder(label, options) {
  var name = label === undefined ? "utf-8" : String(label).toLowerCase();
  if (name !== "utf-8" && name !== "utf8") throw new RangeError("only UTF-8 is supported here, not " + label);
  this.fatal = !!(options && options.fatal);
  this.ignoreBOM = !!(options && options.ignoreBOM);
}
Utf8Decoder.prototype.encoding = "utf-8";

Utf8Decoder.prototype.decode = function (input) {
  if (input === undefined) return "";
  var b = input instanceof Uint8Array ? input : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
  var n = b.length;
  var i = 0;
  if (!this.ignoreBOM && n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
  var units = [];
  var out = "";
  var self = this;
  function bad() {
    if (self.fatal) throw new TypeError("The encoded data was not valid UTF-8");
    units.push(0xfffd);
  }
  while (i < n) {
    var c = b[i];
    if (c < 0x80) {
      units.push(c);
      i += 1;
    } else {
      // The sequence's length and the range its second byte may take (no overlongs, no
      // surrogates, nothing above U+10FFFF), as the standard's decoder checks them.
      var need = 0;
      var lo = 0x80;
      var hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) need = 1;
      else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        if (c === 0xe0) lo = 0xa0;
        if (c === 0xed) hi = 0x9f;
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        if (c === 0xf0) lo = 0x90;
        if (c === 0xf4) hi = 0x8f;
      }
      if (need === 0) {
        bad();
        i += 1;
      } else {
        var cp = c & (0x3f >> need);
        var j = 1;
        for (; j <= need; j++) {
          var d = i + j < n ? b[i + j] : -1;
          if (d < (j === 1 ? lo : 0x80) || d > (j === 1 ? hi : 0xbf)) break;
          cp = (cp << 6) | (d & 0x3f);
        }
        if (j <= need) {
          bad();
          i += j; // the maximal subpart is replaced by one U+FFFD
        } else {
          i += need + 1;
          if (cp >= 0x10000) {
            cp -= 0x10000;
            units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
          } else {
            units.push(cp);
          }
        }
      }
    }
    if (units.length >= 4096) {
      out += String.fromCharCode.apply(null, units);
      units = [];
    }
  }
  return out + String.fromCharCode.apply(null, units);
};

// The host's classes where it has them, ours otherwise (looked up as free names: some hosts
// have no `globalThis`).
exports.TextEncoder = typeof TextEncoder === "function" ? TextEncoder : Utf8Encoder;
exports.TextDecoder = typeof TextDecoder === "function" ? TextDecoder : Utf8Decoder;
exports.Utf8Encoder = Utf8Encoder;
exports.Utf8Decoder = Utf8Decoder;
