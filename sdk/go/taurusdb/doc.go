// Read and assert Huawei Cloud TaurusDB HTAP (StarRocks) replication tasks (TaurusDB HTAP StarRocks replication API).
package taurusdb
