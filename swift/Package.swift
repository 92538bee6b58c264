// swift-tools-version:5.9
// The crosspay Swift package. The Rust core is linked from CrosspayFFI.xcframework, which
// build-xcframework.sh builds on macOS (iOS device, iOS simulator, macOS); Sources/Crosspay holds
// the uniffi-generated Swift, checked against the library by the project's test command.
import PackageDescription

let package = Package(
    name: "Crosspay",
    platforms: [.iOS(.v13), .macOS(.v11)],
    products: [
        .library(name: "Crosspay", targets: ["Crosspay"]),
    ],
    targets: [
        .binaryTarget(name: "CrosspayFFI", path: "CrosspayFFI.xcframework"),
        .target(name: "Crosspay", dependencies: ["CrosspayFFI"], path: "Sources/Crosspay"),
        .testTarget(name: "CrosspayTests", dependencies: ["Crosspay"], path: "Tests/CrosspayTests"),
    ]
)
