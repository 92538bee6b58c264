import Foundation
import XCTest
@testable import Crosspay
#if canImport(CryptoKit)
import CryptoKit
#endif

private func hex(_ d: Data) -> String { d.map { String(format: "%02x", $0) }.joined() }

/// tests/vectors/keys.json, the same file every other target checks, and host signers.
final class KeysTests: XCTestCase {
    private var doc: [String: Any] = [:]

    override func setUpWithError() throws {
        doc = try vectorDoc("keys.json")
    }

    func testVectorKeysEncodeAndSignExactly() throws {
        for k in try XCTUnwrap(doc["keys"] as? [[String: Any]]) {
            let key = try PrivateKey.fromRaw(scalar: unhex(k["private_raw_hex"] as! String))
            let pub = key.publicKey()
            XCTAssertEqual(hex(pub.toSec1(compressed: true)), k["public_sec1_compressed_hex"] as? String)
            XCTAssertEqual(hex(pub.toSec1(compressed: false)), k["public_sec1_uncompressed_hex"] as? String)
            XCTAssertEqual(hex(pub.toSpkiDer()), k["public_spki_der_hex"] as? String)
            XCTAssertEqual(pub.kid(), k["kid"] as? String)
            let jwk = try String(decoding: JSONSerialization.data(withJSONObject: XCTUnwrap(k["public_jwk"])), as: UTF8.self)
            XCTAssertEqual(try PublicKey.fromJwk(jwk: jwk).kid(), k["kid"] as? String)
            XCTAssertEqual(try PrivateKey.fromJwk(jwk: key.toJwk()).publicKey().kid(), k["kid"] as? String)
            for s in try XCTUnwrap(k["signatures"] as? [[String: String]]) {
                let msg = unhex(s["message_hex"]!)
                XCTAssertEqual(hex(key.sign(message: msg, format: .p1363)), s["p1363_hex"])
                XCTAssertEqual(hex(key.sign(message: msg, format: .der)), s["der_hex"])
            }
        }
    }

    func testVectorVerdicts() throws {
        let keys = try XCTUnwrap(doc["keys"] as? [[String: Any]])
        for v in try XCTUnwrap(doc["verify"] as? [[String: Any]]) {
            let k = try XCTUnwrap(keys.first { $0["name"] as? String == v["key"] as? String })
            let pub = try PublicKey.fromSec1(bytes: unhex(k["public_sec1_compressed_hex"] as! String))
            let format: SignatureFormat = v["format"] as? String == "der" ? .der : .p1363
            let policy: HighSPolicy? = v["allow_high_s"] as? Bool == true ? .accept : nil
            let verdict = pub.verify(message: unhex(v["message_hex"] as! String), signature: unhex(v["signature_hex"] as! String), format: format, policy: policy)
            XCTAssertEqual(verdict.valid, v["valid"] as? Bool, "\(v["name"] ?? "")")
            let reasons: [VerifyFailure: String] = [.malformedSignature: "malformed_signature", .outOfRange: "out_of_range", .highS: "high_s", .mismatch: "mismatch"]
            XCTAssertEqual(verdict.reason.flatMap { reasons[$0] }, v["reason"] as? String, "\(v["name"] ?? "")")
        }
        for b in try XCTUnwrap(doc["bad_public_keys"] as? [[String: String]]) {
            XCTAssertThrowsError(try PublicKey.fromSec1(bytes: unhex(b["public_hex"]!))) { error in
                XCTAssertEqual((error as? CrosspayError)?.code, "invalid_key")
            }
        }
    }

    /// PKCS#8 and SEC1 documents: the key they hold, or refused. PEM through `parse`.
    func testVectorPrivateDocuments() throws {
        let keys = try XCTUnwrap(doc["keys"] as? [[String: Any]])
        for d in try XCTUnwrap(doc["private_documents"] as? [[String: String]]) {
            let document = try XCTUnwrap(d["document"])
            let read: () throws -> PrivateKey = {
                switch d["form"] {
                case "pkcs8_der": return try PrivateKey.fromPkcs8Der(der: unhex(document))
                case "sec1_der": return try PrivateKey.fromSec1Der(der: unhex(document))
                default: return try PrivateKey.parse(text: document)
                }
            }
            if let error = d["error"] {
                XCTAssertThrowsError(try read(), d["name"] ?? "") { XCTAssertEqual(($0 as? CrosspayError)?.code, error) }
            } else {
                let kid = try XCTUnwrap(keys.first { $0["name"] as? String == d["key"] }?["kid"] as? String)
                XCTAssertEqual(try read().publicKey().kid(), kid, d["name"] ?? "")
            }
        }
    }

    func testHostSignerFailuresAreSignerFailed() throws {
        final class Cancelled: ForeignSigner {
            func sign(message: Data) throws -> Data { throw SignerError.Failed(reason: "user cancelled") }
        }
        final class Garbage: ForeignSigner {
            func sign(message: Data) throws -> Data { Data([0x30, 0x02, 0x01]) }
        }
        let pub = try PrivateKey.generate().publicKey()
        for signer in [Cancelled() as ForeignSigner, Garbage()] {
            XCTAssertThrowsError(try signWithSigner(signer: signer, publicKey: pub, message: Data("x".utf8), format: .p1363)) { error in
                XCTAssertEqual((error as? CrosspayError)?.code, "signer_failed")
            }
        }
    }

    #if canImport(CryptoKit)
    /// A CryptoKit key as the host signer: the same API as `SecureEnclave.P256.Signing.PrivateKey`
    /// (random nonces, DER, not normalized).
    final class CryptoKitSigner: ForeignSigner {
        let key = P256.Signing.PrivateKey()
        func sign(message: Data) throws -> Data { try key.signature(for: message).derRepresentation }
    }

    func testACryptoKitHostSignerSignsThroughCrosspay() throws {
        let signer = CryptoKitSigner()
        let pub = try PublicKey.fromSpkiDer(der: signer.key.publicKey.derRepresentation)
        for i in 0..<8 {
            let msg = Data("gate \(i)".utf8)
            for format in [SignatureFormat.p1363, .der] {
                let sig = try signWithSigner(signer: signer, publicKey: pub, message: msg, format: format)
                XCTAssertTrue(pub.verify(message: msg, signature: sig, format: format, policy: .reject).valid)
            }
        }
    }

    func testCrosspaySignaturesVerifyInCryptoKit() throws {
        let key = try PrivateKey.generate()
        let theirs = try P256.Signing.PublicKey(derRepresentation: key.publicKey().toSpkiDer())
        let msg = Data("crosspay → CryptoKit".utf8)
        let sig = try P256.Signing.ECDSASignature(derRepresentation: key.sign(message: msg, format: .der))
        XCTAssertTrue(theirs.isValidSignature(sig, for: msg))
    }
    #endif
}
