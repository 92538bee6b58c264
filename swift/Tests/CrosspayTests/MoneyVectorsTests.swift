import Foundation
import XCTest
@testable import Crosspay

/// tests/vectors/money.json, the same file the Rust, JS, Kotlin and Python suites check.
final class MoneyVectorsTests: XCTestCase {
    private var doc: [String: Any] = [:]

    override func setUpWithError() throws {
        doc = try vectorDoc("money.json")
    }

    private func cases(_ section: String) throws -> [[String: Any]] {
        try XCTUnwrap(doc[section] as? [[String: Any]])
    }

    /// Wire names: `.halfUp` → "half-up", `.given` → "given".
    private func wire<T>(_ value: T) -> String {
        var out = ""
        for ch in "\(value)" {
            if ch.isUppercase { out += "-" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    private func money(_ m: Money?) -> Any {
        guard let m = m else { return NSNull() }
        return ["amount": m.amount, "currency": m.currency]
    }

    /// The receipt in the vectors' JSON shape: members without a value are left out.
    private func receipt(_ c: Conversion) -> [String: Any] {
        fullReceipt(c).filter { !($0.value is NSNull) }
    }

    private func fullReceipt(_ c: Conversion) -> [String: Any] {
        [
            "source": money(c.source), "target": money(c.target), "requested": money(c.requested),
            "rate": c.rate, "effective_rate": c.effectiveRate, "markup_bps": c.markupBps, "markup": c.markup,
            "chain": chain(c.chain),
            "rounding": wire(c.rounding), "cash_increment": c.cashIncrement ?? NSNull(),
            "unrounded": c.unrounded, "residue": c.residue,
            "provenance": provenance(c.provenance),
        ]
    }

    private func chain(_ legs: [RateLeg]) -> [[String: Any]] {
        legs.map { leg -> [String: Any] in
            ["from": leg.from, "to": leg.to, "rate": leg.rate, "price": wire(leg.price), "inverted": leg.inverted, "unit": leg.unit]
        }
    }

    private func provenance(_ p: Provenance?) -> Any {
        p.map { ["source": $0.source, "as_of": $0.asOf, "valid_until": $0.validUntil] } ?? NSNull()
    }

    /// A price list (Conversions) in the vectors' JSON shape.
    private func priceList(_ c: Conversions) -> [String: Any] {
        let all: [String: Any] = [
            "source_currency": c.sourceCurrency, "target_currency": c.targetCurrency, "sources": c.sources,
            "targets": c.targets, "requested": c.requested ?? NSNull(), "rate": c.rate, "effective_rate": c.effectiveRate,
            "markup_bps": c.markupBps, "chain": chain(c.chain), "rounding": wire(c.rounding),
            "cash_increment": c.cashIncrement ?? NSNull(), "provenance": provenance(c.provenance),
        ]
        return all.filter { !($0.value is NSNull) }
    }

    private func options(_ o: [String: Any]) throws -> ConvertOptions {
        ConvertOptions(
            rounding: try parseRoundingMode(name: o["rounding"] as? String ?? ""),
            markupBps: UInt32(o["markup_bps"] as? Int ?? 0),
            side: (o["side"] as? String).map { $0 == "buy" ? Side.buy : Side.sell },
            cashIncrement: o["cash_increment"] as? String,
            reverse: o["reverse"] as? Bool ?? false
        )
    }

    /// Runs one case and compares `{"expected": …}` or `{"error": code}` with the vector.
    private func check(_ c: [String: Any], _ run: () throws -> Any) {
        let got: [String: Any]
        do {
            got = ["expected": try run()]
        } catch let e as CrosspayError {
            got = ["error": e.code]
        } catch {
            got = ["thrown": "\(error)"]
        }
        let want: [String: Any] = c["expected"].map { ["expected": $0] } ?? ["error": c["error"] ?? NSNull()]
        XCTAssertTrue((got as NSDictionary).isEqual(to: want), "\(c["name"] ?? c): got \(got), want \(want)")
    }

    func testConversions() throws {
        let sheets = try XCTUnwrap(doc["sheets"] as? [String: Any])
        for c in try cases("conversions") {
            let input = try XCTUnwrap(c["input"] as? [String: String])
            let (amount, from, to) = (input["amount"]!, input["from"]!, input["to"]!)
            check(c) {
                let opts = try options(c["options"] as? [String: Any] ?? [:])
                if let name = c["sheet"] as? String {
                    let json = try JSONSerialization.data(withJSONObject: sheets[name] as Any)
                    let sheet = try RateSheet.fromUnsignedJson(json: String(decoding: json, as: UTF8.self))
                    return receipt(try sheet.convert(amount: amount, from: from, to: to, at: c["at"] as? String ?? "", options: opts))
                }
                return receipt(try convertAtRate(amount: amount, from: from, to: to, rate: c["rate"] as? String ?? "", options: opts))
            }
        }
    }

    func testPriceLists() throws {
        let sheets = try XCTUnwrap(doc["sheets"] as? [String: Any])
        for c in try cases("price_lists") {
            let input = try XCTUnwrap(c["input"] as? [String: Any])
            let amounts = input["amounts"] as? [String] ?? []
            let (from, to) = (input["from"] as? String ?? "", input["to"] as? String ?? "")
            check(c) {
                let opts = try options(c["options"] as? [String: Any] ?? [:])
                if let name = c["sheet"] as? String {
                    let json = try JSONSerialization.data(withJSONObject: sheets[name] as Any)
                    let sheet = try RateSheet.fromUnsignedJson(json: String(decoding: json, as: UTF8.self))
                    return priceList(try sheet.convertMany(amounts: amounts, from: from, to: to, at: c["at"] as? String ?? "", options: opts))
                }
                return priceList(try convertMany(amounts: amounts, from: from, to: to, rate: c["rate"] as? String ?? "", options: opts))
            }
        }
    }

    /// Each successful price list again, its amounts as integer minor units (Int64): the same
    /// sources, targets and rates, in units.
    func testPriceListsInMinorUnits() throws {
        let sheets = try XCTUnwrap(doc["sheets"] as? [String: Any])
        var checked = 0
        for c in try cases("price_lists") {
            guard let expected = c["expected"] as? [String: Any] else { continue }
            let input = try XCTUnwrap(c["input"] as? [String: Any])
            let (from, to) = (input["from"] as? String ?? "", input["to"] as? String ?? "")
            let opts = try options(c["options"] as? [String: Any] ?? [:])
            let units = try (input["amounts"] as? [String] ?? []).map { try toMinorUnits(amount: $0, currency: opts.reverse ? to : from) }
            let list: MinorUnitConversions
            if let name = c["sheet"] as? String {
                let json = try JSONSerialization.data(withJSONObject: sheets[name] as Any)
                let sheet = try RateSheet.fromUnsignedJson(json: String(decoding: json, as: UTF8.self))
                list = try sheet.convertManyMinorUnits(units: units, from: from, to: to, at: c["at"] as? String ?? "", options: opts)
            } else {
                list = try convertManyMinorUnits(units: units, from: from, to: to, rate: c["rate"] as? String ?? "", options: opts)
            }
            let texts = { (xs: [Int64], currency: String) in try xs.map { try fromMinorUnits(units: $0, currency: currency) } }
            XCTAssertEqual(try texts(list.sources, from), expected["sources"] as? [String], "\(c["name"] ?? "")")
            XCTAssertEqual(try texts(list.targets, to), expected["targets"] as? [String], "\(c["name"] ?? "")")
            XCTAssertEqual(try list.requested.map { try texts($0, to) }, expected["requested"] as? [String], "\(c["name"] ?? "")")
            XCTAssertEqual([list.rate, list.effectiveRate], [expected["rate"] as? String, expected["effective_rate"] as? String].compactMap { $0 })
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 8)
    }

    func testAllocations() throws {
        for c in try cases("allocations") {
            check(c) {
                try allocateAmount(amount: c["amount"] as? String ?? "", currency: c["currency"] as? String ?? "",
                                   ratios: c["ratios"] as? [String] ?? [])
            }
        }
    }

    func testSheetErrors() throws {
        for c in try cases("sheet_errors") {
            check(c) {
                let text: String
                if let raw = c["sheet_text"] as? String {
                    text = raw
                } else {
                    text = String(decoding: try JSONSerialization.data(withJSONObject: c["sheet"] as Any), as: UTF8.self)
                }
                _ = try RateSheet.fromUnsignedJson(json: text)
                return "parsed"
            }
        }
    }

    func testMinorUnits() throws {
        for c in try cases("minor_units") {
            let amount = c["amount"] as? String ?? "", currency = c["currency"] as? String ?? ""
            let units = Int64(c["units"] as? Int ?? 0)
            XCTAssertEqual(try toMinorUnits(amount: amount, currency: currency), units)
            XCTAssertEqual(try fromMinorUnits(units: units, currency: currency), amount)
        }
    }
}
