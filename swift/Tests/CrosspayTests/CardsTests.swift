import Foundation
import XCTest
@testable import Crosspay

/// tests/vectors/cards.json and prepaid.json through the Swift bindings: every card's hand-given
/// brand and its check, refusals, typing, expiries, masks; every prepaid scenario step by step,
/// each state compared whole (as JSON) and each receipt field by field.
final class CardsTests: XCTestCase {
    private func list(_ doc: [String: Any], _ key: String) throws -> [[String: Any]] {
        try XCTUnwrap(doc[key] as? [[String: Any]])
    }

    private func brandName(_ b: CardBrand?) -> String? { b.map { "\($0)" } }

    private func same(_ a: Any?, _ b: Any?) -> Bool {
        NSDictionary(dictionary: ["v": a ?? NSNull()]).isEqual(to: ["v": b ?? NSNull()])
    }

    private func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    private func money(_ m: Money?) -> Any { m.map { ["amount": $0.amount, "currency": $0.currency] } ?? NSNull() }

    private func assertCheck(_ name: String, _ e: [String: Any], _ got: CardCheck) {
        XCTAssertEqual(e["valid"] as? Bool, got.valid, name)
        XCTAssertEqual(e["brand"] as? String, brandName(got.brand), name)
        XCTAssertEqual(e["length_ok"] as? Bool, got.lengthOk, name)
        XCTAssertEqual(e["luhn_ok"] as? Bool, got.luhnOk, name)
        XCTAssertEqual(e["luhn_required"] as? Bool, got.luhnRequired, name)
        XCTAssertEqual(e["masked"] as? String, got.masked, name)
        XCTAssertEqual(e["formatted"] as? String, got.formatted, name)
        XCTAssertEqual(e["cvc_length"] as? Int, got.cvcLength.map { Int($0) }, name)
        XCTAssertEqual(e["cvc_ok"] as? Bool, got.cvcOk, name)
        XCTAssertEqual(e["expired"] as? Bool, got.expired, name)
        XCTAssertEqual(e["valid_through"] as? String, got.validThrough, name)
        XCTAssertEqual(e["problems"] as? [String], got.problems, name)
    }

    func testEveryCardHasItsHandGivenBrandAndCheck() throws {
        let c = try vectorDoc("cards.json")
        for card in try list(c, "cards") {
            let number = card["number"] as! String
            let got = try checkCard(number: number, expiry: nil, cvc: nil, at: nil)
            XCTAssertEqual(card["brand"] as? String, brandName(got.brand), "\(number) (\(card["source"] as! String))")
            let expected = card["expected"] as! [String: Any]
            assertCheck(number, expected["check"] as! [String: Any], got)
            let parse = expected["parse"] as! [String: Any]
            if let error = parse["error"] as? String {
                XCTAssertEqual(error, codeOf { _ = try CardNumber.parse(number: number) }, number)
            } else {
                XCTAssertEqual(parse["brand"] as? String, brandName(try CardNumber.parse(number: number).brand()), number)
            }
        }
        XCTAssertEqual(try list(c, "brands").map { $0["brand"] as! String }, cardBrands().map { "\($0.brand)" })
    }

    func testChecksRefusalsTypingExpiriesAndMasks() throws {
        let c = try vectorDoc("cards.json")
        for k in try list(c, "checks") {
            let got = try checkCard(number: k["number"] as! String, expiry: k["expiry"] as? String, cvc: k["cvc"] as? String, at: k["at"] as? String)
            assertCheck(k["name"] as! String, k["expected"] as! [String: Any], got)
        }
        for k in try list(c, "check_errors") {
            let code = codeOf { _ = try checkCard(number: k["number"] as! String, expiry: k["expiry"] as? String, cvc: k["cvc"] as? String, at: k["at"] as? String) }
            XCTAssertEqual(k["error"] as? String, code, k["name"] as! String)
        }
        for k in try list(c, "parse_errors") {
            XCTAssertEqual(k["error"] as? String, codeOf { _ = try CardNumber.parse(number: k["number"] as! String) }, k["name"] as! String)
        }
        for k in try list(c, "typing") {
            let e = k["expected"] as! [String: Any]
            let got = formatCardInput(input: k["input"] as! String, cursor: UInt32(k["cursor"] as! Int))
            XCTAssertEqual(e["formatted"] as? String, got.formatted)
            XCTAssertEqual(e["cursor"] as? Int, Int(got.cursor))
            XCTAssertEqual(e["brand"] as? String, brandName(got.brand))
            XCTAssertEqual(e["max_length"] as? Int, Int(got.maxLength))
            XCTAssertEqual(e["complete"] as? Bool, got.complete)
        }
        for k in try list(c, "expiries") {
            let e = k["expected"] as! [String: Any]
            var got = ""
            let code = codeOf { got = try checkCardExpiry(expiry: k["expiry"] as! String, at: k["at"] as! String) }
            XCTAssertEqual((e["valid_through"] ?? e["error"]) as? String, code == "no error" ? got : code)
        }
        for k in try list(c, "masks") {
            let e = k["expected"] as! [String: Any]
            let n = try CardNumber.parse(number: k["number"] as! String)
            XCTAssertEqual(e["masked"] as? String, n.masked())
            XCTAssertEqual(e["last4"] as? String, n.last4())
            XCTAssertEqual(e["formatted"] as? String, n.exposeFormatted())
            XCTAssertEqual(e["display"] as? String, "\(n)")
            XCTAssertEqual(k["number"] as? String, n.exposeDigits())
            XCTAssertFalse(String(reflecting: n).contains(k["number"] as! String))
        }
    }

    func testPrepaidScenariosStepByStep() throws {
        let p = try vectorDoc("prepaid.json")
        let keys = p["keys"] as! [String: String]
        let trust = try TrustList.verify(jws: p["trust_list"] as! String, root: PrivateKey.fromRaw(scalar: unhex(keys["root"]!)).publicKey())
        let sheets = p["sheets"] as! [String: [String: String]]
        let issuer = try PrivateKey.fromRaw(scalar: unhex(keys["issuer-2026"]!))
        for (name, s) in sheets { XCTAssertEqual(s["signed"], try signRateSheet(issuer: issuer, sheet: s["json"]!), name) }
        func sheet(_ step: [String: Any]) throws -> RateSheet {
            let doc = sheets[step["sheet"] as! String]!
            if step["unsigned"] as? Bool == true { return try RateSheet.fromUnsignedJson(json: doc["json"]!) }
            return try verifyRateSheet(signedSheet: doc["signed"]!, trustList: trust, at: step["at"] as! String)
        }
        func run(_ card: PrepaidCard, _ step: [String: Any]) throws -> PrepaidStep {
            let at = step["at"] as! String
            switch step["op"] as! String {
            case "spend": return try prepaidSpend(card: card, amount: step["amount"] as! String, at: at, reference: step["reference"] as? String)
            case "top_up": return try prepaidTopUp(card: card, amount: step["amount"] as! String, sheet: sheet(step), at: at)
            default: return try prepaidRefund(card: card, sheet: sheet(step), at: at)
            }
        }
        let operations: [PrepaidOperation: String] = [.topUp: "top_up", .spend: "spend", .refund: "refund"]
        var ran = 0
        for sc in try list(p, "scenarios") {
            let rules = try (sc["rules"] is NSNull) ? touristCardRules() : prepaidRulesFromJson(json: String(decoding: JSONSerialization.data(withJSONObject: sc["rules"]!), as: UTF8.self))
            let f = sc["funding"] as! [String: String]
            var card = try openPrepaidCard(rules: rules, funding: CardNumber.parse(number: f["number"]!).fundingCard(expiry: f["expiry"]!, currency: f["currency"]!), at: sc["opened_at"] as! String)
            XCTAssertTrue(same(sc["opened"], try json(prepaidCardToJson(card: card))))
            for (i, step) in (sc["steps"] as! [[String: Any]]).enumerated() {
                let label = "\(sc["name"] as! String): step \(i + 1)"
                let e = step["expected"] as! [String: Any]
                if let error = e["error"] as? String {
                    XCTAssertEqual(error, codeOf { _ = try run(card, step) }, label)
                    continue
                }
                let got = try run(card, step)
                let r = e["receipt"] as! [String: Any]
                XCTAssertEqual(r["sequence"] as? Int, Int(got.receipt.sequence), label)
                XCTAssertEqual(r["operation"] as? String, operations[got.receipt.operation], label)
                XCTAssertEqual(r["at"] as? String, got.receipt.at, label)
                XCTAssertTrue(same(r["amount"], money(got.receipt.amount)), label)
                XCTAssertTrue(same(r["card_amount"], money(got.receipt.cardAmount)), label)
                XCTAssertTrue(same(r["balance_before"], money(got.receipt.balanceBefore)), label)
                XCTAssertTrue(same(r["balance_after"], money(got.receipt.balanceAfter)), label)
                XCTAssertEqual(r["signed_by"] as? String, got.receipt.signedBy, label)
                XCTAssertEqual(r["reference"] as? String, got.receipt.reference, label)
                if let conv = r["conversion"] as? [String: Any] {
                    let c = try XCTUnwrap(got.receipt.conversion, label)
                    XCTAssertTrue(same(conv["source"], money(c.source)), label)
                    XCTAssertTrue(same(conv["target"], money(c.target)), label)
                    XCTAssertEqual(conv["rate"] as? String, c.rate, label)
                    XCTAssertEqual(conv["residue"] as? String, c.residue, label)
                } else {
                    XCTAssertNil(got.receipt.conversion, label)
                }
                card = got.card
                XCTAssertTrue(same(e["card"], try json(prepaidCardToJson(card: card))), label)
                XCTAssertEqual(card, try prepaidCardFromJson(json: prepaidCardToJson(card: card)), label)
                ran += 1
            }
        }
        XCTAssertGreaterThanOrEqual(ran, 12)
    }
}
