// swift-tools-version:5.9
// The crosspay Swift package: the uniffi-generated Swift (Sources/Crosspay) over the Rust core.
// On Apple platforms the core comes from CrosspayFFI.xcframework, which build-xcframework.sh
// builds on macOS (iOS device, iOS simulator, macOS). Elsewhere (Linux, where the test command
// runs these tests) it is the system library libcrosspay_ffi, through Linux/CrosspayFFI's module
// map: `swift test -Xlinker -L<dir of libcrosspay_ffi.so>` with that dir on LD_LIBRARY_PATH.
import PackageDescription

#if os(macOS) || os(iOS)
let ffi: Target = .binaryTarget(name: "CrosspayFFI", path: "CrosspayFFI.xcframework")
#else
let ffi: Target = .systemLibrary(name: "CrosspayFFI", path: "Linux/CrosspayFFI")
#endif

let package = Package(
    name: "Crosspay",
    platforms: [.iOS(.v13), .macOS(.v11)],
    products: [
        .library(name: "Crosspay", targets: ["Crosspay"]),
    ],
    targets: [
        ffi,
        .target(name: "Crosspay", dependencies: ["CrosspayFFI"], path: "Sources/Crosspay"),
        .testTarget(name: "CrosspayTests", dependencies: ["Crosspay"], path: "Tests/CrosspayTests"),
    ]
)
