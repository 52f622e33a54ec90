import Foundation
import Testing
@testable import MySQLStore
import WorkflowStore

/// How flowsite reads the MySQL and MariaDB URLs apps hold: every spelling of the scheme, sockets, TLS, timeouts and
/// option files; a password is never in a description or a message.
@Suite struct MySQLLocationTests {
    @Test(arguments: [
        "mysql://app:s3cret@db.internal:3307/prod",
        "mariadb://app:s3cret@db.internal:3307/prod",
        "mysql+pymysql://app:s3cret@db.internal:3307/prod?charset=utf8mb4",
        "mysql+mysqldb://app:s3cret@db.internal:3307/prod",
        "mariadb+mariadbconnector://app:s3cret@db.internal:3307/prod",
        "MySQL://app:s3cret@db.internal:3307/prod?connection_limit=5&pool_timeout=10",
    ])
    func everySpellingOfTheScheme(_ text: String) throws {
        #expect(MySQLLocation.isMySQL(text))
        let location = try MySQLLocation(parsing: text)
        #expect(location.host == "db.internal" && location.port == 3307 && location.database == "prod")
        #expect(location.user == "app" && location.password == "s3cret")
        #expect(!location.description.contains("s3cret"), "\(location.description)")
        #expect(location.shownServer == "prod on db.internal:3307")
    }

    @Test(arguments: ["postgresql://a@b/c", "sqlite:///x.db", "file:./dev.db", "app.db", "/tmp/mysql://x", "mysqlx://a@b/c"])
    func otherTextsAreNotMySQL(_ text: String) {
        #expect(!MySQLLocation.isMySQL(text))
    }

    @Test func percentEncodingIPv6AndDefaults() throws {
        let encoded = try MySQLLocation(parsing: "mysql://r%40port:p%2Fw%3Fd%40x@[::1]:3306/app%20db")
        #expect(encoded.user == "r@port" && encoded.password == "p/w?d@x" && encoded.host == "::1" && encoded.database == "app db")
        #expect(!encoded.description.contains("p%2Fw") && encoded.shownServer == "app db on [::1]:3306")
        let bare = try MySQLLocation(parsing: "mysql://db/app")
        #expect(bare.user == nil && bare.password == nil && bare.port == 0 && bare.host == "db")
        let noHost = try MySQLLocation(parsing: "mysql:///app")
        #expect(noHost.host == nil && noHost.database == "app")
    }

    @Test func socketsTLSAndTimeouts() throws {
        let socket = try MySQLLocation(parsing: "mysql://app@localhost/prod?unix_socket=/run/mysqld/mysqld.sock")
        #expect(socket.socket == "/run/mysqld/mysqld.sock" && socket.shownServer == "prod on /run/mysqld/mysqld.sock")
        #expect(try MySQLLocation(parsing: "mysql://app@/prod?socket=%2Ftmp%2Fm.sock").socket == "/tmp/m.sock")
        #expect(try MySQLLocation(parsing: "mysql://app@/prod?socket=/tmp/m.sock").host == "localhost")
        let tls = try MySQLLocation(parsing: "mysql://app@db/prod?ssl-mode=verify_identity&ssl-ca=/etc/ca.pem&ssl_cert=/c.pem&ssl_key=/k.pem")
        #expect(tls.sslMode == .verifyIdentity && tls.sslCA == "/etc/ca.pem" && tls.sslCert == "/c.pem" && tls.sslKey == "/k.pem")
        #expect(try MySQLLocation(parsing: "mysql://app@db/prod?ssl_mode=REQUIRED").sslMode == .required)
        let prisma = try MySQLLocation(parsing: "mysql://app:pw@db:3306/prod?sslaccept=strict&sslcert=./ca.pem&connect_timeout=5&socket_timeout=30")
        #expect(prisma.sslMode == .verifyIdentity && prisma.sslCA == "./ca.pem" && prisma.connectTimeout == 5 && prisma.readTimeout == 30)
        #expect(try MySQLLocation(parsing: "mysql://app@db/prod?sslaccept=accept_invalid_certs").sslMode == .required)
        let files = try MySQLLocation(parsing: "mysql+mysqldb://db/prod?read_default_file=~/.my.cnf&read_default_group=reporting")
        #expect(files.optionFile == "~/.my.cnf" && files.optionGroup == "reporting")
    }

    @Test(arguments: [
        ("mysql://app:s3cret@db/", "names no database"),
        ("mysql://app:s3cret@db", "names no database"),
        ("mysql://app:s3cret@db:99999/prod", "port '99999'"),
        ("mysql://app:s3cret@db:x/prod", "port 'x'"),
        ("mysql://app:s3cret@db/prod?ssl-mode=sometimes", "ssl-mode 'sometimes'"),
        ("mysql://app:s3cret@db/prod?sslaccept=maybe", "sslaccept 'maybe'"),
        ("mysql://app:s3cret@db/prod?read_timeout=-1", "read_timeout '-1'"),
        ("mysql://app:s3cret@db/prod?sslidentity=id.p12&sslpassword=s3cret", "sslidentity"),
        ("mysql://app:s3cret@db/prod?bogus=1", "unknown parameter 'bogus'"),
        ("mysql://app:s3/cret@db/prod", "must be percent-encoded"),
    ])
    func mistakesAreOneLineWithoutThePassword(_ text: String, _ expected: String) {
        #expect {
            _ = try MySQLLocation(parsing: text)
        } throws: { error in
            let message = (error as? StoreError)?.errorDescription ?? ""
            return message.contains(expected) && !message.contains("s3cret") && !message.contains("cret@") && !message.contains("\n")
        }
    }

    @Test func literalsSurviveAnySQLMode() {
        #expect(literal(nil) == "NULL")
        #expect(literal("") == "CONVERT('' USING utf8mb4)")
        #expect(literal("a'\\é") == "CONVERT(X'61275CC3A9' USING utf8mb4)")
        #expect(backticked("we`ird") == "`we``ird`")
    }

    @Test func integersAreReadInPlace() {
        func parse(_ text: String) -> Int64? {
            var text = text
            return text.withUTF8 { MySQLCells.integer($0) }
        }
        #expect(parse("0") == 0 && parse("-42") == -42 && parse("9223372036854775807") == .max && parse("-9223372036854775808") == .min)
        #expect(parse("9223372036854775808") == nil && parse("") == nil && parse("-") == nil && parse("12a") == nil && parse("1.0") == nil)
    }
}
