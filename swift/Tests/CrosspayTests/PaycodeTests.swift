import Foundation
import XCTest
@testable import Crosspay
#if canImport(CryptoKit)
import CryptoKit
#endif

/// tests/vectors/paycodes.json, the same file every other target checks: certificates, wallet
/// codes byte for byte, every verifier scenario, numeric codes, signed rate sheets; and a
/// CryptoKit (Secure Enclave-style) device signer.
final class PaycodeTests: XCTestCase {
    private var v: [String: Any] = [:]

    override func setUpWithError() throws {
        v = try vectorDoc("paycodes.json")
    }

    private func obj(_ any: Any?) -> [String: Any] { any as? [String: Any] ?? [:] }
    private func list(_ any: Any?) -> [[String: Any]] { any as? [[String: Any]] ?? [] }
    private func json(_ any: Any) throws -> String { String(decoding: try JSONSerialization.data(withJSONObject: any), as: UTF8.self) }
    private func key(_ name: String) throws -> PrivateKey { try PrivateKey.fromRaw(scalar: unhex(obj(v["keys"])[name] as! String)) }
    private func certText(_ name: String) -> String { list(v["certificates"]).first { $0["name"] as? String == name }!["certificate"] as! String }
    private func trust() throws -> TrustList { try TrustList.verify(jws: obj(v["trust_list"])["jws"] as! String, root: key("root").publicKey()) }

    /// `counterRewind` → `counter_rewind`, the wire name every target uses.
    private func wire(_ r: RefusalReason?) -> String? {
        guard let r = r else { return nil }
        return String(describing: r).replacingOccurrences(of: "([a-z])([A-Z])", with: "$1_$2", options: .regularExpression).lowercased()
    }

    private func limits(_ any: Any?) -> [OfflineLimit] {
        list(any).map { OfflineLimit(currency: $0["currency"] as! String, amount: $0["amount"] as! String) }
    }

    func testCertificatesAndCodesReproduce() throws {
        for c in list(v["certificates"]) {
            let s = obj(c["spec"])
            let spec = CertificateSpec(alias: s["alias"] as? String, notBefore: s["not_before"] as! String, notAfter: s["not_after"] as! String,
                                       scope: s["scope"] as! [String], limits: limits(s["limits"]))
            let info = try issueCertificate(issuer: key(c["issuer"] as! String), device: key(c["device"] as! String).publicKey(), spec: spec)
            XCTAssertEqual(info.certificate, c["certificate"] as? String)
        }
        for c in list(v["codes"]) {
            let r = obj(c["request"])
            let wallet = try Wallet(certificate: certText(c["certificate"] as! String), state: c["state"] as? String)
            let request = CodeRequest(at: r["at"] as! String, amount: r["amount"] as? String, currency: r["currency"] as? String,
                                      container: (r["container"] as? String) == "cpm" ? .cpm : .compact)
            let got = try wallet.generate(key: key(c["device"] as! String), request: request)
            XCTAssertEqual(got.payload, obj(c["expected"])["payload"] as? String, c["name"] as! String)
            XCTAssertEqual(Int(got.qrVersion), obj(c["expected"])["qr_version"] as? Int)
        }
    }

    private func scenarioOptions(_ o: [String: Any]) -> VerifierOptions {
        VerifierOptions(maxAgeSeconds: (o["max_age_seconds"] as? Int).map(UInt32.init), clockSkewSeconds: (o["clock_skew_seconds"] as? Int).map(UInt32.init),
                        terminalCurrency: o["terminal_currency"] as? String, scope: o["scope"] as? String, maxExposure: limits(o["max_exposure"]),
                        maxTrustListAgeSeconds: (o["max_trust_list_age_seconds"] as? Int).map(UInt32.init),
                        minTrustListSequence: (o["min_trust_list_sequence"] as? Int).map(UInt64.init))
    }

    func testEveryScenario() throws {
        try runScenarios { try Verifier(trustList: self.trust(), options: $0) }
    }

    /// The same scenarios through a replay store the host implements: the same verdicts.
    func testEveryScenarioThroughAHostStore() throws {
        try runScenarios { try Verifier.withReplayStore(trustList: self.trust(), options: $0, store: LockedReplayStore()) }
    }

    func testAFailingHostStoreRefusesTheCode() throws {
        final class Broken: ForeignReplayStore, @unchecked Sendable {
            func claim(claim: StoreClaim) throws -> ClaimOutcome { throw StoreError.Failed(reason: "the database is gone") }
            func acceptTrustSequence(sequence: UInt64) throws -> UInt64 { sequence }
        }
        let gate = try XCTUnwrap(list(v["scenarios"]).first { ($0["name"] as? String)?.hasPrefix("gate") == true })
        let step = list(gate["steps"])[0]
        let verifier = try Verifier.withReplayStore(trustList: trust(), options: scenarioOptions(obj(gate["options"])), store: Broken())
        let got = try verifier.verify(payload: step["payload"] as! String, at: step["at"] as! String)
        XCTAssertFalse(got.accepted)
        XCTAssertEqual(wire(got.reason), "replay_store_failed")
    }

    private func runScenarios(_ make: (VerifierOptions) throws -> Verifier) throws {
        for s in list(v["scenarios"]) {
            let verifier = try make(scenarioOptions(obj(s["options"])))
            for step in list(s["steps"]) {
                let got = try verifier.verify(payload: step["payload"] as! String, at: step["at"] as! String)
                XCTAssertEqual(wire(got.reason), step["reason"] as? String, "\(s["name"]!) / \(step["code"]!): \(got.detail)")
                XCTAssertEqual(got.accepted, step["accepted"] as? Bool)
            }
        }
    }

    func testNumericCodesAndRateSheets() throws {
        let n = obj(v["numeric"])
        let seed = try NumericSeed.fromJson(json: json(n["seed"]!))
        for c in list(n["codes"]) {
            XCTAssertEqual(try seed.code(prefix: c["prefix"] as! String, at: c["at"] as! String), c["code"] as? String)
        }
        let verifier = NumericVerifier(seeds: [seed])
        for step in list(n["scenario"]) {
            XCTAssertEqual(wire(try verifier.verify(code: step["payload"] as! String, at: step["at"] as! String).reason), step["reason"] as? String)
        }
        let r = obj(v["rate_sheets"])
        XCTAssertEqual(try signRateSheet(issuer: key(r["signer"] as! String), sheet: r["sheet"] as! String), r["signed"] as? String)
        for c in list(r["cases"]) {
            do {
                _ = try verifyRateSheet(signedSheet: c["signed"] as! String, trustList: trust(), at: c["at"] as! String)
                XCTAssertNil(c["error"] as? String, c["name"] as! String)
            } catch let e as CrosspayError {
                XCTAssertEqual(e.code, c["error"] as? String, c["name"] as! String)
            }
        }
    }

    // MARK: the security review (issue 10)

    private func previousTrust() throws -> TrustList {
        try TrustList.verify(jws: obj(obj(v["trust_list"])["previous"])["jws"] as! String, root: key("root").publicKey())
    }

    private func assertRefused(_ code: String, _ block: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        do {
            try block()
            XCTFail("expected \(code)", file: file, line: line)
        } catch let e as CrosspayError {
            XCTAssertEqual(e.code, code, file: file, line: line)
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
    }

    func testAnOlderTrustListIsRefusedAfterANewerOne() throws {
        let verifier = try Verifier(trustList: trust(), options: VerifierOptions())
        assertRefused("trust_list_rollback") { try verifier.updateTrustList(trustList: try self.previousTrust()) }
        XCTAssertEqual(verifier.trustListSequence(), 7)
        assertRefused("trust_list_rollback") { _ = try Verifier(trustList: try self.previousTrust(), options: VerifierOptions(minTrustListSequence: 7)) }
        XCTAssertEqual(try trust().issuedAt(), "2026-11-20T00:00:00Z")
    }

    func testOutOfRangeTimesPrefixesAndSizesAreRefused() throws {
        let verifier = try Verifier(trustList: trust(), options: VerifierOptions())
        let payload = obj(list(v["codes"])[0]["expected"])["payload"] as! String
        assertRefused("invalid_time") { _ = try verifier.verify(payload: payload, at: "9999-12-31T23:59:59-01:00") }
        XCTAssertEqual(wire(try verifier.verify(payload: "CP1:" + String(repeating: "A", count: 5000), at: "2026-11-22T08:30:00Z").reason), "input_too_large")
        let seed = try NumericSeed.fromJson(json: json(obj(v["numeric"])["seed"]!))
        let genuine = try seed.code(prefix: "88", at: "2026-11-22T08:30:00Z")
        let digits = "31" + genuine.dropFirst(2).prefix(15)
        let sum = digits.reversed().enumerated().map { i, c -> Int in
            let d = Int(String(c))!
            return i % 2 == 0 ? (d > 4 ? 2 * d - 9 : 2 * d) : d
        }.reduce(0, +)
        let numeric = NumericVerifier(seeds: [seed])
        XCTAssertEqual(wire(try numeric.verify(code: digits + String((10 - sum % 10) % 10), at: "2026-11-22T08:30:00Z").reason), "no_match")
        XCTAssertTrue(try numeric.verify(code: genuine, at: "2026-11-22T08:30:00Z").accepted)
    }

    /// A host signer on every platform: a Swift class implementing the callback over crosspay's
    /// own software key, signing in DER as a keystore would (the CryptoKit one below is Apple's).
    final class SoftwareKeySigner: ForeignSigner, @unchecked Sendable {
        let key: PrivateKey
        private(set) var calls = 0
        init(_ key: PrivateKey) { self.key = key }
        func sign(message: Data) throws -> Data {
            calls += 1
            return try key.sign(message: message, format: .der)
        }
    }

    func testAHostSignerClassMakesCodesThatVerifyOnce() throws {
        let signer = SoftwareKeySigner(try key("device-1"))
        let device = try signer.key.publicKey()
        let spec = CertificateSpec(alias: nil, notBefore: "2026-11-01T00:00:00Z", notAfter: "2026-12-31T23:59:59Z", scope: ["transit"],
                                   limits: [OfflineLimit(currency: "HKD", amount: "200.00")])
        let info = try issueCertificate(issuer: key("issuer-2026"), device: device, spec: spec)
        let wallet = try Wallet(certificate: info.certificate)
        let code = try wallet.generateWithSigner(signer: signer, request: CodeRequest(at: "2026-11-22T08:30:00Z", amount: "23.50", currency: "HKD"))
        XCTAssertEqual(signer.calls, 1)
        let verifier = try Verifier(trustList: trust(), options: VerifierOptions(terminalCurrency: "HKD"))
        XCTAssertTrue(try verifier.verify(payload: code.payload, at: "2026-11-22T08:30:01Z").accepted)
        XCTAssertEqual(wire(try verifier.verify(payload: code.payload, at: "2026-11-22T08:30:02Z").reason), "replay")
        // A signer that signs with another key is refused, not trusted.
        let rogue = SoftwareKeySigner(try PrivateKey.generate())
        XCTAssertThrowsError(try wallet.generateWithSigner(signer: rogue, request: CodeRequest(at: "2026-11-22T08:31:00Z"))) { error in
            XCTAssertEqual((error as? CrosspayError)?.code, "signer_failed")
        }
    }

    #if canImport(CryptoKit)
    final class EnclaveStyleSigner: ForeignSigner {
        let key = P256.Signing.PrivateKey()
        func sign(message: Data) throws -> Data { try key.signature(for: message).derRepresentation }
    }

    func testACryptoKitDeviceKeyMakesCodesThatVerifyOnce() throws {
        let signer = EnclaveStyleSigner()
        let device = try PublicKey.fromSpkiDer(der: signer.key.publicKey.derRepresentation)
        let spec = CertificateSpec(alias: nil, notBefore: "2026-11-01T00:00:00Z", notAfter: "2026-12-31T23:59:59Z", scope: ["transit"],
                                   limits: [OfflineLimit(currency: "HKD", amount: "200.00")])
        let info = try issueCertificate(issuer: key("issuer-2026"), device: device, spec: spec)
        let wallet = try Wallet(certificate: info.certificate)
        let code = try wallet.generateWithSigner(signer: signer, request: CodeRequest(at: "2026-11-22T08:30:00Z", amount: "23.50", currency: "HKD"))
        let verifier = try Verifier(trustList: trust(), options: VerifierOptions(terminalCurrency: "HKD"))
        XCTAssertTrue(try verifier.verify(payload: code.payload, at: "2026-11-22T08:30:01Z").accepted)
        XCTAssertEqual(wire(try verifier.verify(payload: code.payload, at: "2026-11-22T08:30:02Z").reason), "replay")
    }
    #endif
}

/// A host replay store as an app would write one over its own storage: dictionaries under a lock.
final class LockedReplayStore: ForeignReplayStore, @unchecked Sendable {
    private let lock = NSLock()
    private var highest: [String: UInt32] = [:]
    private var seen: [String: [UInt32: Int64]] = [:]
    private var exposure: [String: UInt64] = [:]
    private var trust: UInt64 = 0

    func claim(claim c: StoreClaim) throws -> ClaimOutcome {
        lock.lock()
        defer { lock.unlock() }
        if let seq = c.trustSequence, seq < trust { return .trustListRollback(highest: trust) }
        var counters = (seen[c.alias] ?? [:]).filter { $0.value >= c.forgetBefore }
        if let top = highest[c.alias] {
            if c.counter == top || counters[c.counter] != nil { return .replay }
            if c.counter < top { return .counterRewind(highest: top) }
        }
        let key = "\(c.alias) \(c.currency ?? "")"
        if c.currency != nil, let max = c.maxExposure {
            let soFar = exposure[key] ?? 0
            if soFar + (c.units ?? 0) > max { return .exposureExceeded(exposure: soFar) }
        }
        counters[c.counter] = c.codeTime
        seen[c.alias] = counters
        highest[c.alias] = Swift.max(highest[c.alias] ?? 0, c.counter)
        if c.currency != nil { exposure[key] = (exposure[key] ?? 0) + (c.units ?? 0) }
        return .accepted
    }

    func acceptTrustSequence(sequence: UInt64) throws -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        trust = Swift.max(trust, sequence)
        return trust
    }
}

