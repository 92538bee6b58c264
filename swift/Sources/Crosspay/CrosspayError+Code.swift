import Foundation

extension CrosspayError {
    /// The stable snake_case code of this error (`invalid_amount`, `unknown_currency`, ...): the
    /// same string as the JS `Error.code`, the CLI's JSON and the Kotlin/Python bindings. It is
    /// derived from the generated case name, so it cannot drift from the Rust core.
    public var code: String {
        let caseName = Mirror(reflecting: self).children.first?.label ?? "\(self)"
        var out = ""
        var previous: Character?
        for ch in caseName {
            if ch.isUppercase, let p = previous, p.isLowercase || p.isNumber {
                out.append("_")
            }
            out.append(contentsOf: ch.lowercased())
            previous = ch
        }
        return out
    }

    /// The human-readable message from the Rust core.
    public var message: String {
        guard let payload = Mirror(reflecting: self).children.first?.value else { return "\(self)" }
        if let text = payload as? String { return text }
        return Mirror(reflecting: payload).children.first?.value as? String ?? "\(payload)"
    }
}
