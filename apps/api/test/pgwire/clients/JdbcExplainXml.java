import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLXML;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * DBeaver's Explain Plan through pgjdbc, as its PostgreExecutionPlan.explain runs it: autocommit off,
 * one EXPLAIN (FORMAT XML,...) by the simple createStatement/executeQuery, the first row's
 * getSQLXML(1) parsed as a DOM document (not namespace-aware, as DBeaver's XMLUtils), its
 * explain/Query/Plan elements walked with their Plans; then a rollback.
 * Prints "key: value" lines: the column's type, the rows, the namespace, each node's type and cost.
 * Usage: java JdbcExplainXml <jdbc url> <user> <password> <explain statement>
 */
public class JdbcExplainXml {
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(args[3])) {
        ResultSetMetaData meta = rs.getMetaData();
        System.out.println("column: " + meta.getColumnLabel(1) + " " + meta.getColumnTypeName(1));
        int rows = 0;
        SQLXML xml = null;
        while (rs.next()) {
          if (rows++ == 0) xml = rs.getSQLXML(1);
        }
        System.out.println("rows: " + rows);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.getBinaryStream());
        Element root = doc.getDocumentElement();
        System.out.println("root: " + root.getNodeName() + " " + root.getAttribute("xmlns"));
        Element query = child(root, "Query");
        List<String> nodes = new ArrayList<>();
        for (Element plan : children(query, "Plan")) walk(plan, nodes);
        System.out.println("nodes: " + String.join(" > ", nodes));
      } finally {
        c.rollback();
      }
    }
  }

  /** A node as DBeaver's PostgrePlanNodeXML reads it: Node-Type, Relation-Name, Total-Cost, Actual-Rows. */
  static void walk(Element plan, List<String> out) {
    out.add(text(plan, "Node-Type") + "(" + text(plan, "Relation-Name") + " cost=" + text(plan, "Total-Cost")
        + " actual=" + text(plan, "Actual-Rows") + ")");
    Element plans = child(plan, "Plans");
    if (plans != null) for (Element p : children(plans, "Plan")) walk(p, out);
  }

  static String text(Element e, String name) {
    Element c = child(e, name);
    return c == null ? "-" : c.getTextContent();
  }

  static Element child(Element e, String name) {
    List<Element> all = children(e, name);
    return all.isEmpty() ? null : all.get(0);
  }

  static List<Element> children(Element e, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling())
      if (n instanceof Element && n.getNodeName().equals(name)) out.add((Element) n);
    return out;
  }
}
