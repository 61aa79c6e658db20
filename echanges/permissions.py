"""Who may import workbooks and download open data.

The public directory needs no rule: it shows only what is public by nature (funded services and
their organisation's public contact details).
"""
