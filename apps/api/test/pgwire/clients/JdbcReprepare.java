import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * pgjdbc with prepareThreshold=1 (a named server statement from the first execution on, its row
 * description and binary formats cached) runs `select * from <table> where sku = ?` three times,
 * changes the table's columns under it (`alter`: the statements, one string), and runs it twice more.
 * Postgres fails the reused statement with 0A000 `cached plan must not change result type`, routine
 * RevalidateCachedQuery, and pgjdbc prepares it again at once: the new columns come under their names.
 * Prints each run's columns (name:type=value) or its error.
 * Args: url user password setup table sku alter (setup: statements run first, on the same connection)
 */
public class JdbcReprepare {
  public static void main(String[] a) throws Exception {
    try (Connection c = DriverManager.getConnection(a[0] + "?prepareThreshold=1", a[1], a[2]);
        Statement s = c.createStatement()) {
      if (!a[3].isEmpty()) s.execute(a[3]);
      PreparedStatement ps = c.prepareStatement("select * from " + a[4] + " where sku = ?");
      for (int i = 0; i < 3; i++) System.out.println("before " + i + ": " + run(ps, a[5]));
      s.execute(a[6]);
      for (int i = 0; i < 2; i++) System.out.println("after " + i + ": " + run(ps, a[5]));
    }
  }

  static String run(PreparedStatement ps, String sku) {
    try {
      ps.setString(1, sku);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return "no row";
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder sb = new StringBuilder();
        for (int k = 1; k <= md.getColumnCount(); k++)
          sb.append(md.getColumnName(k)).append(':').append(md.getColumnTypeName(k)).append('=')
              .append(rs.getString(k)).append(' ');
        return sb.toString().trim();
      }
    } catch (SQLException e) {
      return e.getSQLState() + " " + e.getMessage();
    }
  }
}
