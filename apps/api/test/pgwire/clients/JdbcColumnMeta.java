import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * pgjdbc's ResultSetMetaData of each query, run as a Statement (simple protocol) and as a
 * PreparedStatement (Parse/Describe): per column its table (getTableName, which pgjdbc reads from the
 * RowDescription's table oid), base column name, precision and scale (from the typmod),
 * auto-increment (the table's column default) and type name — what DBeaver builds its result
 * editing on. Prints `<kind> <query index> <label>: table=... column=... precision=... scale=... auto=... type=...`.
 * Args: url user password query...
 */
public class JdbcColumnMeta {
  public static void main(String[] a) throws Exception {
    try (Connection c = DriverManager.getConnection(a[0], a[1], a[2])) {
      for (int q = 3; q < a.length; q++) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(a[q])) {
          print("statement " + (q - 3), rs.getMetaData());
        }
        try (PreparedStatement ps = c.prepareStatement(a[q])) {
          print("prepared " + (q - 3), ps.getMetaData());
        }
      }
    }
  }

  static void print(String kind, ResultSetMetaData md) throws SQLException {
    for (int k = 1; k <= md.getColumnCount(); k++)
      System.out.println(
          kind + " " + md.getColumnLabel(k) + ": table=" + md.getTableName(k) + " column="
              + md.getColumnName(k) + " precision=" + md.getPrecision(k) + " scale=" + md.getScale(k)
              + " auto=" + md.isAutoIncrement(k) + " type=" + md.getColumnTypeName(k));
  }
}
