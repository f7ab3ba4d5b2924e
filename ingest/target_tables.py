def table_targets(text):
    return []
