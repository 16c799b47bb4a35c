"""What a visitor reads: the public pages, the queries behind them, their filters and charts."""
