// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "flowsite",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "flowsite", targets: ["flowsite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        /// Debian's cmark-gfm (+ GFM extensions), through pkg-config.
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        /// Debian's libpq (libpq-dev), the reference PostgreSQL client: connection strings, environment, `.pgpass`,
        /// service files and TLS exactly as psql reads them, and `COPY … TO STDOUT` for the run stream.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        /// Debian's MariaDB Connector/C (libmariadb-dev), which speaks the protocol of MariaDB and MySQL servers alike:
        /// URLs turned into its options, `~/.my.cnf` option groups, TLS, and `mysql_use_result` for the run stream.
        .systemLibrary(
            name: "CMariaDB",
            pkgConfig: "libmariadb",
            providers: [.apt(["libmariadb-dev"])]
        ),
        /// Plain value types: rows, definitions, statistics, schema, findings.
        .target(name: "WorkflowModel"),
        /// The store's seam and everything above it that every database shares: the snapshot read (layout
        /// detection, cell decoding, the run fold), import planning, export; in its own currency (`CellValue`), so
        /// each database driver is a target of its own behind it.
        .target(name: "WorkflowStore", dependencies: ["WorkflowModel"]),
        /// The SQLite driver (GRDB): files and SQLAlchemy/Prisma URLs, the demo database.
        .target(
            name: "SQLiteStore",
            dependencies: [
                "WorkflowStore", "WorkflowModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                // GRDB's own SQLite module, for reading cells of GRDB's statements without a String per cell.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        /// The PostgreSQL driver (libpq): connection strings as psql reads them, the run stream by binary COPY.
        .target(name: "PostgresStore", dependencies: ["WorkflowStore", "WorkflowModel", "CLibPQ"]),
        /// The MySQL and MariaDB driver (MariaDB Connector/C): app URLs, one consistent snapshot, the run stream
        /// unbuffered.
        .target(name: "MySQLStore", dependencies: ["WorkflowStore", "WorkflowModel", "CMariaDB"]),
        /// Workflow Markdown files (YAML front matter + description) <-> model.
        .target(
            name: "WorkflowMarkdown",
            dependencies: ["WorkflowModel", "Escaping", "Redaction", "SiteWriter", "Yams"]
        ),
        /// `flowsite.yml`: render defaults, extra secret keys, thresholds and gates, with file:line:column errors.
        .target(name: "Configuration", dependencies: ["WorkflowModel", "Yams"]),
        /// Secrets masked in everything shown: by key, by shape and by known value, over a whole snapshot.
        .target(name: "Redaction", dependencies: ["WorkflowModel"]),
        /// Where hostile text meets a grammar: Mermaid labels and words, Markdown to safe HTML (cmark-gfm), file-name slugs.
        .target(name: "Escaping", dependencies: ["CMarkGFM"]),
        /// Page models -> HTML site and Markdown report -> files on disk.
        .target(
            name: "SiteRenderer",
            dependencies: [
                "WorkflowModel", "Escaping", "Redaction",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            plugins: ["EmbedAssets"]
        ),
        /// Build-time tool: turns Templates/ and Public/ into Swift source, so the binary carries them.
        .executableTarget(name: "AssetEmbedder"),
        .plugin(name: "EmbedAssets", capability: .buildTool(), dependencies: ["AssetEmbedder"]),
        /// Puts rendered files on disk: atomically, only when changed, in a folder it owns through a manifest.
        .target(name: "SiteWriter"),
        /// The commands as library code: each takes resolved options and answers a result value (render as a list of
        /// named steps; check, import and inspect as reports with text, JSON and Markdown renderings).
        .target(
            name: "Pipeline",
            dependencies: ["WorkflowModel", "WorkflowStore", "WorkflowMarkdown", "Redaction", "SiteRenderer", "SiteWriter", "Configuration", "Escaping"]
        ),
        .executableTarget(
            name: "flowsite",
            dependencies: [
                "Pipeline", "WorkflowModel", "WorkflowStore", "SQLiteStore", "PostgresStore", "MySQLStore", "WorkflowMarkdown", "Redaction", "SiteRenderer", "SiteWriter", "Configuration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// Fuzzing (see README): the checks, the libFuzzer entry (or a corpus replayer without -D FUZZING), and the
        /// corpus replay that `make test` runs.
        .target(name: "FuzzChecks", dependencies: ["WorkflowMarkdown", "WorkflowModel", "Escaping"], path: "Fuzz/FuzzChecks"),
        .executableTarget(name: "fuzz-flowsite", dependencies: ["FuzzChecks"], path: "Fuzz/Entry"),
        /// What tests share: temporary folders removed when the test process ends, fixture databases from SQL and the
        /// demo, the shared as-of, and the runner of the real binary.
        .target(
            name: "TestSupport",
            dependencies: ["WorkflowModel", "WorkflowStore", "SQLiteStore", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["FuzzChecks"]),
        .testTarget(name: "WorkflowModelTests", dependencies: ["WorkflowModel"]),
        .testTarget(name: "ConfigurationTests", dependencies: ["TestSupport", "Configuration", "WorkflowModel"]),
        .testTarget(name: "RedactionTests", dependencies: ["Redaction", "WorkflowModel"]),
        .testTarget(
            name: "WorkflowStoreTests",
            dependencies: ["TestSupport", "WorkflowStore", "SQLiteStore", "WorkflowModel", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "PostgresStoreTests", dependencies: ["PostgresStore", "WorkflowStore"]),
        .testTarget(name: "MySQLStoreTests", dependencies: ["MySQLStore", "WorkflowStore"]),
        .testTarget(name: "SiteWriterTests", dependencies: ["TestSupport", "SiteWriter", "WorkflowModel"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "WorkflowModel", "WorkflowStore", "Configuration", "Redaction"]),
        /// Runs the built `flowsite` binary on bad input (Cases/ plus generated inputs); needs `swift build` first.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["TestSupport", "Pipeline", "WorkflowStore", "SQLiteStore", "PostgresStore", "MySQLStore", "WorkflowModel", "WorkflowMarkdown", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Cases"]
        ),
        .testTarget(
            name: "WorkflowMarkdownTests",
            dependencies: ["TestSupport", "WorkflowMarkdown", "WorkflowModel", "WorkflowStore", "SQLiteStore", "Redaction", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "SiteRendererTests",
            dependencies: ["TestSupport", 
                "SiteRenderer", "Escaping", "Redaction", "WorkflowMarkdown", "WorkflowModel", "WorkflowStore", "SQLiteStore",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["Snapshots"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
