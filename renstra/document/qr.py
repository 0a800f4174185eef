"""The QR code on the document's last page: the address of its public verify page."""

import base64
import io

import qrcode
import qrcode.image.svg


def verify_qr_svg(url: str) -> str:
    """An SVG (markup, no XML declaration) of a QR code encoding `url`; medium error
    correction, so a printed and photocopied page still scans. Inline it in the HTML or
    use `verify_qr_data_uri` where an <img> is wanted."""
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=2,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    qr.add_data(url)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image().save(buffer)
    svg = buffer.getvalue().decode()
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1].lstrip()
    return svg


def verify_qr_data_uri(url: str) -> str:
    """The same QR code as a data: URI (image/svg+xml), for <img src>."""
    encoded = base64.b64encode(verify_qr_svg(url).encode()).decode()
    return f"data:image/svg+xml;base64,{encoded}"
