import Foundation
import Testing
@testable import MySQLStore
import WorkflowStore

/// The one line a failure becomes: the server's or the connector's message, a hint keyed on its error number, the
/// URL without its password.
@Suite struct MySQLErrorHintTests {
    let location = try! MySQLLocation(parsing: "mysql://app:s3cret@db.internal:3306/prod")

    func line(_ code: UInt32, _ message: String, _ phase: MySQLFailure.Phase = .working, work: MySQLErrorHint.Work = .reading,
              location: MySQLLocation? = nil) -> String {
        let error = MySQLErrorHint.storeError(MySQLFailure(code: code, message: message, phase: phase), location: location ?? self.location,
                                              work: work, readTimeout: 120)
        return error.errorDescription ?? ""
    }

    @Test func connectingFailuresSayCannotConnect() {
        let denied = line(1045, "Access denied for user 'app'@'10.0.0.2' (using password: YES)", .connecting)
        #expect(denied == "mysql://app:****@db.internal:3306/prod: cannot connect: Access denied for user 'app'@'10.0.0.2' (using password: YES) (check the user and password: in the URL, the [client] group of ~/.my.cnf, or MYSQL_PWD)")
        #expect(line(2005, "Unknown server host 'db.internal' (-2)", .connecting).hasSuffix("(check the host name)"))
        #expect(line(2013, "Lost connection to server at 'handshake: reading initial communication packet', system error: 110", .connecting)
            .contains("no answer within connect_timeout 10 s"))
        let socket = try! MySQLLocation(parsing: "mysql://app@localhost/prod")
        #expect(line(2002, "Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)", .connecting, location: socket)
            .contains("host localhost means the server's unix socket"))
    }

    @Test func workingFailuresAreKeyedOnTheErrorNumber() {
        #expect(line(1142, "SELECT command denied to user 'app'@'%' for table `prod`.`workflowrun`").contains("SELECT on the app's four tables; see README"))
        #expect(line(1142, "UPDATE command denied", work: .importing).contains("INSERT and UPDATE on the workflow table"))
        #expect(line(1205, "Lock wait timeout exceeded; try restarting transaction", work: .importing).contains("raise --busy-timeout"))
        #expect(line(1969, "Query execution was interrupted (max_statement_time exceeded)").contains("raise --statement-timeout"))
        #expect(line(2013, "the server sent nothing for 120 s (Lost connection to server during query)").contains("stopped after --read-timeout 120 s"))
        #expect(line(2013, "Lost connection to server during query").contains("closed the connection in the middle of the work"))
    }

    @Test func theLineNeverHoldsThePassword() {
        let message = line(1064, "You have an error near 's3cret'")
        #expect(!message.contains("s3cret") && !message.contains("\n"), "\(message)")
    }
}
