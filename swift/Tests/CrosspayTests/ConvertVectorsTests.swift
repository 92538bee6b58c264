import Foundation
import XCTest
@testable import Crosspay

/// tests/vectors/convert.json, the same file the Rust, JS, Kotlin and Python suites check.
private struct VectorFile: Decodable {
    struct Amount: Decodable { let amount: String; let currency: String }
    struct Input: Decodable { let amount: String; let from: String; let to: String; let rate: String; let rounding: String }
    struct Expected: Decodable {
        let source: Amount; let target: Amount; let rate: String; let rounding: String
        let unrounded: String; let residue: String
    }
    struct Case: Decodable { let name: String; let input: Input; let expected: Expected?; let error: String? }
    let cases: [Case]
}

private func loadVectors(_ name: String) throws -> VectorFile {
    try JSONDecoder().decode(VectorFile.self, from: vectorData(name))
}

final class ConvertVectorsTests: XCTestCase {
    func testEveryConvertVector() throws {
        let file = try loadVectors("convert.json")
        XCTAssertGreaterThanOrEqual(file.cases.count, 30)
        for c in file.cases {
            let i = c.input
            do {
                let mode = try parseRoundingMode(name: i.rounding)
                let got = try convert(amount: i.amount, from: i.from, to: i.to, rate: i.rate, rounding: mode)
                guard let want = c.expected else {
                    XCTFail("\(c.name): expected error \(c.error ?? "?"), got \(got)")
                    continue
                }
                XCTAssertEqual(got.source, Money(amount: want.source.amount, currency: want.source.currency), c.name)
                XCTAssertEqual(got.target, Money(amount: want.target.amount, currency: want.target.currency), c.name)
                XCTAssertEqual(got.rate, want.rate, c.name)
                XCTAssertEqual(got.rounding, try parseRoundingMode(name: want.rounding), c.name)
                XCTAssertEqual(got.unrounded, want.unrounded, c.name)
                XCTAssertEqual(got.residue, want.residue, c.name)
            } catch let e as CrosspayError {
                XCTAssertEqual(e.code, c.error, "\(c.name): \(e.message)")
            }
        }
    }

    func testErrorsCarryACodeAndAMessage() {
        XCTAssertThrowsError(try convert(amount: "1e3", from: "CNY", to: "HKD", rate: "1.0962", rounding: .halfUp)) { error in
            guard let e = error as? CrosspayError else { return XCTFail("not a CrosspayError: \(error)") }
            XCTAssertEqual(e.code, "invalid_amount")
            XCTAssertTrue(e.message.contains("1e3"), e.message)
        }
    }

    func testCurrencyInfo() throws {
        let kwd = try currencyInfo(code: "KWD")
        XCTAssertEqual(kwd.minorUnits, 3)
        XCTAssertEqual(kwd.numeric, 414)
        XCTAssertNil(try currencyInfo(code: "CNH").numeric)
    }
}
