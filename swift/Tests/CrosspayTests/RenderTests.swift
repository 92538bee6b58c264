import Foundation
import XCTest
@testable import Crosspay

/// tests/vectors/render.json through the Swift bindings, and a matrix drawn the way a CoreGraphics
/// or SwiftUI view would (one rect per dark module), checked module by module.
final class RenderTests: XCTestCase {
    private func list(_ key: String) throws -> [[String: Any]] {
        try XCTUnwrap(try vectorDoc("render.json")[key] as? [[String: Any]])
    }

    private func options(_ o: [String: Any]) -> QrOptions {
        let levels: [String: EcLevel] = ["L": .l, "M": .m, "Q": .q, "H": .h]
        return QrOptions(
            ecLevel: (o["ec_level"] as? String).flatMap { levels[$0] },
            minVersion: (o["min_version"] as? Int).map { UInt8($0) },
            quietZone: (o["quiet_zone"] as? Int).map { UInt32($0) })
    }

    private func rows(_ m: QrMatrix) -> [String] {
        let n = Int(m.size)
        let bytes = [UInt8](m.modules)
        return (0..<n).map { y in String((0..<n).map { x in bytes[y * n + x] == 1 ? "1" : "0" }) }
    }

    func testQrMatricesAreTheVectors() throws {
        let letters: [EcLevel: String] = [.l: "L", .m: "M", .q: "Q", .h: "H"]
        for c in try list("qr") {
            let name = c["name"] as? String ?? "?"
            let m = try qrMatrix(payload: try XCTUnwrap(c["payload"] as? String), options: options(c["options"] as? [String: Any] ?? [:]))
            let e = try XCTUnwrap(c["expected"] as? [String: Any])
            XCTAssertEqual(Int(m.version), e["version"] as? Int, name)
            XCTAssertEqual(letters[m.ecLevel], e["ec_level"] as? String, name)
            XCTAssertEqual(Int(m.size), e["size"] as? Int, name)
            XCTAssertEqual(Int(m.quietZone), e["quiet_zone"] as? Int, name)
            XCTAssertEqual(rows(m), e["rows"] as? [String], name)
        }
    }

    func testSvgAndBarcodesAreTheVectors() throws {
        for c in try list("svg") {
            XCTAssertEqual(try qrSvg(payload: try XCTUnwrap(c["payload"] as? String), options: options(c["options"] as? [String: Any] ?? [:])), c["expected"] as? String)
        }
        for c in try list("barcodes") {
            let digits = try XCTUnwrap(c["digits"] as? String)
            let e = try XCTUnwrap(c["expected"] as? [String: Any])
            let b = try barcode(digits: digits)
            XCTAssertEqual(b.text, e["text"] as? String)
            XCTAssertEqual(b.symbology, e["symbology"] as? String)
            XCTAssertEqual(Int(b.width), e["width"] as? Int)
            XCTAssertEqual([UInt8](b.widths).map { String($0) }.joined(), e["widths"] as? String)
            XCTAssertEqual(try barcodeSvg(digits: digits), e["svg"] as? String)
        }
    }

    func testWhatCannotBeDrawnIsATypedError() throws {
        for c in try list("qr_errors") {
            let payload = try XCTUnwrap(c["payload"] as? String)
            XCTAssertEqual(codeOf { _ = try qrMatrix(payload: payload, options: options(c["options"] as? [String: Any] ?? [:])) }, c["error"] as? String, c["name"] as? String ?? "?")
        }
        for c in try list("barcode_errors") {
            let digits = try XCTUnwrap(c["digits"] as? String)
            XCTAssertEqual(codeOf { _ = try barcode(digits: digits) }, c["error"] as? String, c["name"] as? String ?? "?")
        }
    }

    func testAMatrixDrawsNatively() throws {
        let m = try qrMatrix(payload: "CP1:DRAWN IN SWIFT", options: QrOptions())
        let n = Int(m.size), q = Int(m.quietZone), scale = 3
        let side = (n + 2 * q) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)  // a light canvas
        let bytes = [UInt8](m.modules)
        for y in 0..<n {
            for x in 0..<n where bytes[y * n + x] == 1 {  // fill(CGRect(x: (x + q) * scale, ...))
                for py in 0..<scale { for px in 0..<scale { pixels[((y + q) * scale + py) * side + (x + q) * scale + px] = 0 } }
            }
        }
        for y in 0..<n {
            for x in 0..<n {
                XCTAssertEqual(pixels[((y + q) * scale + 1) * side + (x + q) * scale + 1] < 128, bytes[y * n + x] == 1)
            }
        }
    }
}
