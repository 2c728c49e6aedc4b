import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * pgjdbc (Debian's libpostgresql-jdbc-java) against the Dynascope wire server: metadata, a
 * PreparedStatement run past the driver's prepareThreshold, exact numeric, SQLSTATEs, COPY, fetch size.
 * Prints one "key: value" line per check; the test compares them.
 * Usage: java JdbcCheck <jdbc url> <user> <password>
 */
public class JdbcCheck {
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
      DatabaseMetaData meta = c.getMetaData();
      System.out.println("product: " + meta.getDatabaseProductName() + " " + meta.getDatabaseMajorVersion());
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = meta.getTables(null, "public", "%", new String[] {"FOREIGN TABLE"})) {
        while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
      }
      System.out.println("tables: " + String.join(",", tables));
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = meta.getColumns(null, "public", "events", "%")) {
        while (rs.next()) columns.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME"));
      }
      System.out.println("columns: " + String.join(",", columns));
      List<String> keys = new ArrayList<>();
      try (ResultSet rs = meta.getPrimaryKeys(null, "public", "users")) {
        while (rs.next()) keys.add(rs.getString("COLUMN_NAME"));
      }
      System.out.println("primary keys: " + keys.size());

      List<String> ids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("select user_id, lifetime_value, age from users where user_id = ?")) {
        for (int i = 1; i <= 7; i++) {
          ps.setString(1, String.format("u%04d", i));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            ids.add(rs.getString(1));
            if (i == 1 || i == 7) {
              BigDecimal value = rs.getBigDecimal(2);
              System.out.println("numeric " + i + ": " + (value == null ? "null" : value.toPlainString()));
            }
          }
        }
      }
      System.out.println("prepared: " + String.join(",", ids));

      try (PreparedStatement ps = c.prepareStatement("select user_id, age from users where user_id = ?")) {
        // Described before it runs: Describe of the statement (ParameterDescription, RowDescription).
        System.out.println("described: " + ps.getMetaData().getColumnCount() + " columns, "
            + ps.getParameterMetaData().getParameterCount() + " parameter");
      }
      try (PreparedStatement ps = c.prepareStatement("select 1 as x, now() as n")) {
        // Over no foreign table: the host's columns, not null.
        java.sql.ResultSetMetaData md = ps.getMetaData();
        System.out.println("host described: " + (md == null ? "null"
            : md.getColumnCount() + " " + md.getColumnName(1) + " " + md.getColumnTypeName(1)
                + " " + md.getColumnName(2) + " " + md.getColumnTypeName(2)));
      }
      try (Statement s = c.createStatement()) {
        s.execute("create temp table jt (a int, b text)");
      }
      try (PreparedStatement ps = c.prepareStatement("insert into jt values (?, ?)")) {
        ps.setInt(1, 1);
        ps.setString(2, "one");
        System.out.println("host update count: " + ps.executeUpdate());
      }
      // executeBatch in autocommit: one pipeline, one Sync — a failing row rolls back the whole batch.
      try (PreparedStatement ps = c.prepareStatement("insert into jt values (?::int, 'batch')")) {
        for (String a : new String[] {"2", "3", "x"}) {
          ps.setString(1, a);
          ps.addBatch();
        }
        try {
          ps.executeBatch();
          System.out.println("batch: no error");
        } catch (SQLException e) {
          String state = e.getNextException() != null ? e.getNextException().getSQLState() : e.getSQLState();
          System.out.println("batch: " + state);
        }
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from jt where b = 'batch'")) {
        rs.next();
        System.out.println("batch rows kept: " + rs.getInt(1));
      }
      try (PreparedStatement ps = c.prepareStatement("select ?::int + 1, ?::numeric * 2, ?::boolean")) {
        ps.setInt(1, 41);
        ps.setBigDecimal(2, new BigDecimal("12345678901234567890.25"));
        ps.setBoolean(3, true);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          System.out.println("typed: " + rs.getInt(1) + " " + rs.getBigDecimal(2).toPlainString() + " " + rs.getBoolean(3));
        }
      }

      try (Statement s = c.createStatement()) {
        s.executeQuery("select nosuch from users");
      } catch (SQLException e) {
        System.out.println("error: " + e.getSQLState());
      }
      try (PreparedStatement ps = c.prepareStatement("select user_id from users where nosuch = ?")) {
        ps.setString(1, "u0001");
        ps.executeQuery();
      } catch (org.postgresql.util.PSQLException e) {
        System.out.println("error position: " + e.getSQLState() + " at " + e.getServerErrorMessage().getPosition());
      }
      try (Statement s = c.createStatement()) {
        s.execute("set dynascope.max_statement_rcu = 0.5");
        s.executeQuery("select * from events");
      } catch (SQLException e) {
        System.out.println("cost guard: " + e.getSQLState());
      }
      try (Statement s = c.createStatement()) {
        s.execute("reset dynascope.max_statement_rcu");
      }

      // CopyManager: the columns from CopyOutResponse, and a row (or the header) per readFromCopy.
      org.postgresql.copy.CopyOut copy = new org.postgresql.copy.CopyManager((org.postgresql.core.BaseConnection) c)
          .copyOut("copy (select user_id, age from users where user_id in ('u0001', 'u0002', 'u0003') order by 1) to stdout (format csv, header)");
      List<String> records = new ArrayList<>();
      for (byte[] b = copy.readFromCopy(); b != null; b = copy.readFromCopy()) {
        records.add(new String(b, java.nio.charset.StandardCharsets.UTF_8).replaceAll(",.*", "").trim());
      }
      System.out.println("copy out: " + copy.getFieldCount() + " columns, " + String.join("|", records));

      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(100);
        int rows = 0;
        try (ResultSet rs = s.executeQuery("select device_id, ts from events")) {
          while (rs.next()) rows++;
        }
        System.out.println("fetched: " + rows);
      }
      c.rollback();
    }
  }
}
