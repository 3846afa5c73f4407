"""At scale: the same per-document function on Apache Spark (``armswatch batch``), and loading its Parquet
output into the store (``armswatch load``)."""
