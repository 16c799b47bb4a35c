"""What staff do with referater: upload, preview, publish, the privacy gate, corrections."""
