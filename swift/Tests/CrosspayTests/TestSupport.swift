import Foundation
@testable import Crosspay

/// The stable code of the CrosspayError a block throws ("no error" when it returns).
func codeOf(_ block: () throws -> Void) -> String {
    do {
        try block()
        return "no error"
    } catch let e as CrosspayError {
        return e.code
    } catch {
        return "\(error)"
    }
}

/// Hex text to bytes, for the vector files every test reads.
func unhex(_ s: String) -> Data {
    var data = Data()
    var i = s.startIndex
    while i < s.endIndex {
        let j = s.index(i, offsetBy: 2)
        data.append(UInt8(s[i..<j], radix: 16)!)
        i = j
    }
    return data
}

/// The one way every test reads a shared vector file: tests run from the source checkout, and
/// the vectors sit at the repository root (tests/vectors/).
func vectorData(_ name: String) throws -> Data {
    let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CrosspayTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // swift
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("tests/vectors/\(name)")
    return try Data(contentsOf: url)
}

/// A vector file as a JSON object.
func vectorDoc(_ name: String) throws -> [String: Any] {
    guard let doc = try JSONSerialization.jsonObject(with: vectorData(name)) as? [String: Any] else {
        throw NSError(domain: "crosspay.vectors", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(name) is not a JSON object"])
    }
    return doc
}
