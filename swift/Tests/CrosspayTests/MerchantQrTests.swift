import Foundation
import XCTest
@testable import Crosspay

/// tests/vectors/merchant_qr.json, the same file every other target checks.
final class MerchantQrTests: XCTestCase {
    private func cases() throws -> [[String: Any]] {
        let doc = try vectorDoc("merchant_qr.json")
        return try XCTUnwrap(doc["cases"] as? [[String: Any]])
    }

    private func codes(_ items: Any?) -> [String] {
        let list = items as? [Any] ?? []
        return Array(Set(list.compactMap { ($0 as? [String: Any])?["code"] as? String ?? $0 as? String })).sorted()
    }

    /// A JSON value as sorted-key text: comparable on every platform (`isEqual` is Darwin's only).
    private func canonical(_ value: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        return String(decoding: data, as: UTF8.self)
    }

    private func object(_ json: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    func testEveryVector() throws {
        let all = try cases()
        XCTAssertGreaterThanOrEqual(all.filter { $0["real_world"] as? Bool == true }.count, 40)
        for c in all {
            let name = c["name"] as? String ?? "?"
            let payload = try XCTUnwrap(c["payload"] as? String)
            let lenient = decodeMerchantQr(payload: payload, strict: false)
            let strict = decodeMerchantQr(payload: payload, strict: true)
            let doc = try object(lenient.json)
            let want = try XCTUnwrap(c["lenient"] as? [String: Any])
            XCTAssertEqual(lenient.valid, want["valid"] as? Bool, name)
            XCTAssertEqual(lenient.schemes, want["schemes"] as? [String], name)
            XCTAssertEqual(codes(doc["warnings"]), codes(want["warnings"]), name)
            XCTAssertEqual(codes(doc["errors"]), codes(want["errors"]), name)
            let wantStrict = try XCTUnwrap(c["strict"] as? [String: Any])
            XCTAssertEqual(strict.valid, wantStrict["valid"] as? Bool, name)
            XCTAssertEqual(codes(try object(strict.json)["errors"]), codes(wantStrict["errors"]), name)
            for (key, value) in c["fields"] as? [String: Any] ?? [:] {
                XCTAssertEqual(try canonical(doc[key] ?? NSNull()), try canonical(value), "\(name): \(key)")
            }
            if lenient.valid && lenient.format == "emv" {
                let again = try encodeMerchantQr(specJson: lenient.json)
                XCTAssertEqual(again, String(payload.dropLast(4)) + payload.suffix(4).uppercased(), name)
            }
        }
    }

    func testWhatWillIPay() throws {
        let fps = "00020101021226270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK6304D1A3"
        let c = try merchantQrPaymentAtRate(payload: fps, walletCurrency: "CNY", rate: "1.0962", options: ConvertOptions(rounding: .halfUp))
        XCTAssertEqual(c.source, Money(amount: "112.21", currency: "CNY"))
        XCTAssertEqual(c.target, Money(amount: "123.00", currency: "HKD"))
    }
}
